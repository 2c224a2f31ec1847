namespace OvhIkvm.Consoles;

/// <summary>A source of servers and of access to their consoles (OVH, a static list of direct targets, ...).</summary>
public interface IConsoleProvider
{
    /// <summary>The provider's short name, as reported in <see cref="ConsoleServer.Provider"/>.</summary>
    string Name { get; }

    /// <summary>Lists the servers this provider can show.</summary>
    /// <exception cref="ConsoleException">The provider is not configured or cannot be reached.</exception>
    Task<IReadOnlyList<ConsoleServer>> ListServersAsync(CancellationToken cancellationToken);

    /// <summary>Obtains (or reuses) access to one server's console.</summary>
    /// <exception cref="ConsoleException">The server is unknown, or access could not be granted.</exception>
    Task<ConsoleEndpoint> OpenConsoleAsync(string serverId, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// What the provider listed last, however old, each entry marked <see cref="ConsoleServer.Stale"/> with its
    /// <see cref="ConsoleServer.ListedAt"/>; null when it keeps no such list. Shown when the provider does not answer in time.
    /// </summary>
    IReadOnlyList<ConsoleServer>? LastKnownServers => null;

    /// <summary>
    /// The console refused the endpoint last returned for <paramref name="serverId"/>: a provider that reuses
    /// endpoints must not hand that one out again. Providers that build a fresh endpoint each time ignore it.
    /// </summary>
    void ForgetConsoleAccess(string serverId)
    {
    }
}
