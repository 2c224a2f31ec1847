using OvhIkvm.Kvm.Consoles;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>Connects to a VNC server and completes the RFB handshake, ready to capture.</summary>
internal interface IRfbSessionConnector
{
    /// <exception cref="ConsoleException">The server is unreachable, refused us, or does not speak RFB.</exception>
    Task<IKvmSession> ConnectAsync(VncEndpoint endpoint, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken);
}
