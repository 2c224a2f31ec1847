using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Sessions;

/// <summary>
/// Opens VNC/RFB sessions (direct VNC endpoints and noVNC viewer pages). A seam: the RFB client lives in
/// <c>Rfb/</c> and registers its implementation in <see cref="KvmServiceCollectionExtensions.AddKvmSessions"/>.
/// </summary>
internal interface IRfbSessionOpener
{
    Task<IKvmSession> OpenAsync(VncEndpoint endpoint, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken);
}
