using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Consoles;

/// <summary>
/// Stands in for a provider whose configuration is incomplete. The tool still starts (a desktop client shows a
/// tool error to the user, but shows nothing for a crashed process); every call answers with what to set.
/// </summary>
internal sealed class UnconfiguredConsoleProvider(string name, string advice) : IConsoleProvider
{
    public string Name { get; } = name;

    public Task<IReadOnlyList<ConsoleServer>> ListServersAsync(CancellationToken cancellationToken) =>
        throw new ConsoleConfigurationException(advice);

    public Task<ConsoleEndpoint> OpenConsoleAsync(string serverId, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken) =>
        throw new ConsoleConfigurationException(advice);
}
