using System.Text.Json;
using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Cli;

/// <summary>
/// The doctor's report: one line per check, <c>OK</c>, <c>WARN</c> or <c>FAIL</c>, aligned for reading at a glance; or,
/// with <paramref name="json"/>, nothing until the end and then one <see cref="DoctorReport"/> document.
/// </summary>
internal sealed class DoctorChecklist(TextWriter output, bool json = false)
{
    private readonly List<DoctorCheck> _checks = [];

    public int Failures { get; private set; }

    public int Warnings { get; private set; }

    public Task OkAsync(string check, string detail) => WriteAsync("OK  ", check, detail);

    public Task WarnAsync(string check, string detail)
    {
        Warnings++;
        return WriteAsync("WARN", check, detail);
    }

    public Task FailAsync(string check, string detail)
    {
        Failures++;
        return WriteAsync("FAIL", check, detail);
    }

    /// <summary>The closing line: what passed, or how many problems need fixing (with JSON: the whole report).</summary>
    public Task SummaryAsync() => json
        ? output.WriteLineAsync(JsonSerializer.Serialize(new DoctorReport(Failures == 0, Failures, Warnings, _checks), DoctorJsonContext.Default.DoctorReport))
        : output.WriteLineAsync(Failures switch
    {
        0 when Warnings == 0 => "All checks passed.",
        0 => $"All checks passed, with {Warnings} warning{Plural(Warnings)}.",
        _ => $"{Failures} check{Plural(Failures)} failed{(Warnings > 0 ? $", {Warnings} warning{Plural(Warnings)}" : string.Empty)}: fix the FAIL lines above and run `ovh-ikvm-mcp doctor` again.",
    });

    /// <summary>Details quote what OVH and BMCs answered (statuses, names, addresses): shown printable, on one line.</summary>
    private Task WriteAsync(string verdict, string check, string detail)
    {
        if (!json)
        {
            return output.WriteLineAsync(UntrustedText.Printable($"{verdict} {check}: {detail}", ServersCommand.ErrorLength));
        }

        _checks.Add(new DoctorCheck(UntrustedText.Printable(check), verdict.Trim().ToLowerInvariant(), UntrustedText.Printable(detail, ServersCommand.ErrorLength)));
        return Task.CompletedTask;
    }

    private static string Plural(int count) => count == 1 ? string.Empty : "s";
}
