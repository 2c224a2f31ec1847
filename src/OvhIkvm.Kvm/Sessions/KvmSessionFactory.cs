using OvhIkvm.Kvm.Consoles;
using OvhIkvm.Kvm.Rfb;

namespace OvhIkvm.Kvm.Sessions;

/// <summary>Chooses the KVM protocol for an endpoint.</summary>
internal sealed class KvmSessionFactory(IRfbSessionConnector rfbConnector) : IKvmSessionFactory
{
    public Task<IKvmSession> OpenAsync(ConsoleEndpoint endpoint, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        cancellationToken.ThrowIfCancellationRequested();
        if (endpoint is VncEndpoint vnc)
        {
            return rfbConnector.ConnectAsync(vnc, progress, cancellationToken);
        }

        var kind = endpoint switch
        {
            VncEndpoint => "VNC",
            AmiBmcEndpoint or ViewerPageEndpoint => "AMI/ASRockRack iKVM",
            _ => endpoint.GetType().Name,
        };
        throw new ConsoleException($"Capturing a {kind} console is not supported by this build yet.");
    }
}
