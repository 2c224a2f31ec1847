namespace OvhIkvm.Simulators.Ovh;

/// <summary>A request the simulator received, for assertions.</summary>
/// <param name="Method">GET, POST, ...</param>
/// <param name="Path">The path below the API version prefix, without the query (e.g. /dedicated/server/ns1.x/task/7).</param>
/// <param name="Query">The raw query string, with its '?', or empty.</param>
/// <param name="Body">The body as sent.</param>
/// <param name="Signature">The X-Ovh-Signature header, if any (tests check it never reaches a log).</param>
/// <param name="StatusCode">What the simulator answered.</param>
public sealed record OvhRecordedRequest(string Method, string Path, string Query, string Body, string? Signature, int StatusCode)
{
    /// <summary>When it arrived, on the simulator's <see cref="OvhSimulatorOptions.TimeProvider"/> (simulated time in paced tests).</summary>
    public DateTimeOffset ReceivedAt { get; init; }
}
