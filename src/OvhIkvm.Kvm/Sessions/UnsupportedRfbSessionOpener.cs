using OvhIkvm.Kvm.Consoles;

namespace OvhIkvm.Kvm.Sessions;

/// <summary>
/// MERGE POINT: stands in for the RFB client until it is wired. Replace its registration in
/// <see cref="KvmServiceCollectionExtensions.AddKvmSessions"/> with the real <see cref="IRfbSessionOpener"/>.
/// </summary>
internal sealed class UnsupportedRfbSessionOpener : IRfbSessionOpener
{
    public Task<IKvmSession> OpenAsync(VncEndpoint endpoint, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        throw new ConsoleException($"VNC consoles ({endpoint.Address.Scheme}://{endpoint.Address.Authority}) are not supported by this build yet.");
    }
}
