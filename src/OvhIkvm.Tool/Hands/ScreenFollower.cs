using OvhIkvm.Tool.Watching;

namespace OvhIkvm.Tool.Hands;

/// <summary>Follows a held console's screen until a condition holds or a time limit passes.</summary>
internal sealed class ScreenFollower(TimeProvider time)
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(1);

    /// <returns>The last screen seen: the one that met the condition, or the screen at the limit.</returns>
    public async Task<ConsoleScreen> FollowAsync(ConsoleHold hold, ConsoleScreen before, IScreenCondition until, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(until);
        var started = time.GetTimestamp();
        var lastChange = started;
        var current = before;
        while (true)
        {
            var now = time.GetTimestamp();
            var elapsed = time.GetElapsedTime(started, now);
            if (until.IsMet(new ScreenObservation(before.Capture.Frame, current.Capture.Frame, time.GetElapsedTime(lastChange, now), elapsed)) || elapsed >= limit)
            {
                return current;
            }

            var wait = limit - elapsed < LongestWait ? limit - elapsed : LongestWait;
            var next = await hold.NextScreenAsync(wait, cancellationToken).ConfigureAwait(false);
            if (!next.Capture.Frame.ContentEquals(current.Capture.Frame))
            {
                lastChange = time.GetTimestamp();
            }

            current = next;
        }
    }
}
