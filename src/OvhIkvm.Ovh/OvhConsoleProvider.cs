using OvhIkvm.Kvm.Consoles;

namespace OvhIkvm.Ovh;

/// <summary>Servers and consoles from the OVH API.</summary>
internal sealed class OvhConsoleProvider : IConsoleProvider
{
    public const string ProviderName = "ovh";

    public string Name => ProviderName;

    public Task<IReadOnlyList<ConsoleServer>> ListServersAsync(CancellationToken cancellationToken) =>
        throw new ConsoleException("The OVH provider is not implemented in this build yet.");

    public Task<ConsoleEndpoint> OpenConsoleAsync(string serverId, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken) =>
        throw new ConsoleException("The OVH provider is not implemented in this build yet.");
}
