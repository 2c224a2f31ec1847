using OvhIkvm.Imaging;

namespace OvhIkvm.Kvm.Sessions;

/// <summary>An open connection to one console. Disposing it closes the connection politely.</summary>
public interface IKvmSession : IAsyncDisposable
{
    /// <summary>Captures one complete frame: every pixel of the screen painted at least once.</summary>
    /// <exception cref="OvhIkvm.Consoles.ConsoleException">The console could not deliver a complete frame in time.</exception>
    Task<Frame> CaptureFrameAsync(CancellationToken cancellationToken);
}
