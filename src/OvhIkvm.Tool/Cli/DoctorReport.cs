using System.Text.Json.Serialization;

namespace OvhIkvm.Tool.Cli;

/// <summary>
/// <c>doctor --json</c>: the checklist for scripts and CI. A stable schema (documented in the README): fields are only
/// ever added, never renamed or removed.
/// </summary>
/// <param name="Ok">True when no check failed (warnings allowed), as the exit code 0 says.</param>
/// <param name="Failures">How many checks failed.</param>
/// <param name="Warnings">How many checks passed with a warning.</param>
/// <param name="Checks">Every check in the order it ran.</param>
internal sealed record DoctorReport(bool Ok, int Failures, int Warnings, IReadOnlyList<DoctorCheck> Checks);

/// <summary>One line of the checklist.</summary>
/// <param name="Check">What was checked, e.g. "OVH API", "consumer key", "target lab-bmc".</param>
/// <param name="Status">"ok", "warn" or "fail".</param>
/// <param name="Detail">One printable sentence; it may quote what OVH or a BMC answered.</param>
internal sealed record DoctorCheck(string Check, string Status, string Detail);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DoctorReport))]
internal sealed partial class DoctorJsonContext : JsonSerializerContext;
