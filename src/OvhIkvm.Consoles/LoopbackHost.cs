using System.Net;

namespace OvhIkvm.Consoles;

/// <summary>
/// Whether a URL's host is this machine by its spelling alone: <c>localhost</c> or a loopback IP literal. A name is not
/// resolved, because what a resolver answers can change between the check and the connection.
/// </summary>
public static class LoopbackHost
{
    /// <param name="host">A URL's host, as <see cref="Uri.Host"/> gives it (IPv6 in brackets).</param>
    public static bool Is(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
