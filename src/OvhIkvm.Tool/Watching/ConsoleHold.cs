using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Input;

namespace OvhIkvm.Tool.Watching;

/// <summary>
/// One caller's share of a server's held console (see <see cref="HeldConsoles"/>). Disposing it leaves; the last
/// hold to leave closes the session, and its disposal completes once the session is closed.
/// </summary>
internal sealed class ConsoleHold : IAsyncDisposable
{
    private readonly HeldConsole _console;
    private readonly IProgress<ConsoleProgress>? _progress;
    private int _following;
    private int _left;

    internal ConsoleHold(HeldConsole console, IProgress<ConsoleProgress>? progress)
    {
        _console = console;
        _progress = progress;
    }

    /// <summary>True once the console access (an OVH grant) is obtained.</summary>
    public bool AccessReady => _console.AccessReady;

    /// <summary>The screen now: the latest a follower of this console has seen, else one capture.</summary>
    /// <exception cref="ConsoleException">The console could not be opened or did not deliver a frame.</exception>
    public Task<ConsoleScreen> CurrentScreenAsync(CancellationToken cancellationToken) => _console.CurrentAsync(cancellationToken);

    /// <summary>
    /// Follows the screen: returns it once it changes, or as it is after about <paramref name="maxWait"/>; the
    /// first call on a console nobody follows yet returns the screen as it is. From the first call on, get_screenshot callers on this console get
    /// the screen this follower keeps fresh instead of a capture of their own.
    /// </summary>
    /// <exception cref="ConsoleException">The console could not be opened or the connection broke.</exception>
    public Task<ConsoleScreen> NextScreenAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _following, 1) == 0)
        {
            _console.Follow();
        }

        return _console.NextAsync(maxWait, cancellationToken);
    }

    /// <summary>Types on the held session, between two frames of any follower; see <see cref="HeldConsole.TypeAsync"/>.</summary>
    /// <exception cref="ConsoleException">The console could not be opened, takes no keys, or the connection broke.</exception>
    public Task TypeAsync(KeySequence keys, CancellationToken cancellationToken) => _console.TypeAsync(keys, cancellationToken);

    /// <summary>
    /// Stops forwarding the console's own steps to this holder: once a follower has its first screen, what it reports
    /// is what it waits for, not each frame the session fetches.
    /// </summary>
    public void StopHearingSteps() => _console.Progress.Unsubscribe(_progress);

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _left, 1) == 1)
        {
            return ValueTask.CompletedTask;
        }

        if (Volatile.Read(ref _following) == 1)
        {
            _console.Unfollow();
        }

        return new ValueTask(_console.LeaveAsync(_progress));
    }
}
