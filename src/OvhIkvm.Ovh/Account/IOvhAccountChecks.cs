using OvhIkvm.Consoles;

namespace OvhIkvm.Ovh.Account;

/// <summary>Checks an OVH configuration end to end, for <c>ovh-ikvm-mcp doctor</c>. Registered by <c>AddOvhConsoleProvider</c>.</summary>
public interface IOvhAccountChecks
{
    /// <summary>
    /// Reaches the API, reads the consumer key's state and rules, lists the servers and learns the allowed IP. Every
    /// failure OVH reports becomes part of the diagnosis; only cancellation escapes.
    /// </summary>
    Task<OvhDiagnosis> DiagnoseAsync(IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken);
}
