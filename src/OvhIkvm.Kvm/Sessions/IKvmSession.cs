using OvhIkvm.Imaging;

namespace OvhIkvm.Kvm.Sessions;

/// <summary>An open connection to one console. Disposing it closes the connection politely.</summary>
public interface IKvmSession : IAsyncDisposable
{
    /// <summary>Captures one complete frame: every pixel of the screen painted at least once.</summary>
    /// <exception cref="OvhIkvm.Consoles.ConsoleException">The console could not deliver a complete frame in time.</exception>
    Task<Frame> CaptureFrameAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Follows the screen: returns it as soon as the console has sent a change after the last frame this session
    /// returned, or as it is when <paramref name="maxWait"/> passes without one. The first call on a session
    /// captures a complete frame, as <see cref="CaptureFrameAsync"/> does. Each frame returned is the caller's own;
    /// comparing it with the previous one (<see cref="Frame.ContentEquals"/>) says whether anything changed.
    /// </summary>
    /// <param name="maxWait">How long to wait for a change before returning the screen unchanged.</param>
    /// <param name="cancellationToken">Cancels the wait; the session is unusable after a cancelled call.</param>
    /// <exception cref="OvhIkvm.Consoles.ConsoleException">The connection broke or the console stopped answering.</exception>
    Task<Frame> NextFrameAsync(TimeSpan maxWait, CancellationToken cancellationToken);
}
