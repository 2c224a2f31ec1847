using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Sessions;

/// <summary>Opens the right kind of KVM session (AMI IVTP or VNC/RFB) for a console endpoint.</summary>
public interface IKvmSessionFactory
{
    /// <exception cref="ConsoleException">The endpoint could not be reached, or speaks no protocol we know.</exception>
    Task<IKvmSession> OpenAsync(ConsoleEndpoint endpoint, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken);
}
