using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Consoles.DirectTargets;

/// <summary>Servers reached without OVH: VNC endpoints (QEMU, libvirt, Proxmox, noVNC) and AMI BMCs listed in a file.</summary>
internal sealed class DirectTargetsProvider(Func<IReadOnlyList<DirectTarget>> load) : IConsoleProvider
{
    // Loaded on first use, so a broken file becomes a clear tool error instead of a process that will not start.
    private readonly Lazy<IReadOnlyList<DirectTarget>> _targets = new(load, LazyThreadSafetyMode.PublicationOnly);

    public string Name => DirectTargetsLoader.ProviderName;

    public Task<IReadOnlyList<ConsoleServer>> ListServersAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ConsoleServer>>([.. _targets.Value.Select(t => t.Server)]);

    public Task<ConsoleEndpoint> OpenConsoleAsync(string serverId, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        var target = _targets.Value.FirstOrDefault(t => string.Equals(t.Server.Id, serverId, StringComparison.OrdinalIgnoreCase))
            ?? throw new ServerNotFoundException(serverId, $"Server '{serverId}' is not in the targets file; call list_servers to see the available ids.");
        return target.Endpoint is { } endpoint
            ? Task.FromResult(endpoint)
            : throw new ConsoleConfigurationException($"Server '{target.Server.Id}' in the targets file cannot be opened: {target.Server.Problem}.");
    }
}
