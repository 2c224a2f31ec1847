using OvhIkvm.Kvm.Consoles;

namespace OvhIkvm.Kvm.Sessions;

/// <summary>Chooses the KVM protocol for an endpoint.</summary>
internal sealed class KvmSessionFactory : IKvmSessionFactory
{
    public Task<IKvmSession> OpenAsync(ConsoleEndpoint endpoint, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        cancellationToken.ThrowIfCancellationRequested();
        var kind = endpoint switch
        {
            VncEndpoint => "VNC",
            AmiBmcEndpoint or ViewerPageEndpoint => "AMI/ASRockRack iKVM",
            _ => endpoint.GetType().Name,
        };
        throw new ConsoleException($"Capturing a {kind} console is not supported by this build yet.");
    }
}
