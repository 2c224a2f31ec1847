namespace OvhIkvm.Simulators.Bmc;

/// <summary>One HTTP request the simulator received, as tests inspect it.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path without query.</param>
/// <param name="StatusCode">The status the simulator answered.</param>
/// <param name="Origin">The Origin header, if any.</param>
/// <param name="Subprotocols">The offered WebSocket subprotocols, if any.</param>
/// <param name="HeaderNames">The names of every request header, as received.</param>
public sealed record BmcRequestRecord(string Method, string Path, int StatusCode, string? Origin, string? Subprotocols, IReadOnlyList<string> HeaderNames);
