using System.Globalization;
using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Watching;

/// <summary>
/// Waits for a console's screen: holds the server's console once, follows it, reads the text of each new screen and
/// answers when the condition is met or the wait times out. The wait's own clock starts when the console shows its
/// first screen, so a slow OVH grant does not eat into it.
/// </summary>
internal sealed class ConsoleWaiter(HeldConsoles consoles, TimeProvider time)
{
    /// <summary>How long one follow step may wait for a change, so the timers and cancellation stay responsive.</summary>
    public static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(500);

    /// <param name="serverId">A server id from the console directory.</param>
    /// <param name="condition">What to wait for, and for how long.</param>
    /// <param name="openLimit">How long opening the console (access grant and session) may take.</param>
    /// <param name="progress">Hears the opening steps, then what the wait is waiting for.</param>
    /// <param name="cancellationToken">Ends the wait; the console is released.</param>
    /// <exception cref="ConsoleException">The console could not be opened in time or the connection broke.</exception>
    public async Task<ConsoleWaitOutcome> WaitAsync(
        string serverId,
        ConsoleWaitCondition condition,
        TimeSpan openLimit,
        IProgress<ConsoleProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        ArgumentNullException.ThrowIfNull(condition);
        var heldSince = time.GetUtcNow();
        var hold = consoles.Hold(serverId, progress);
        await using (hold.ConfigureAwait(false))
        {
            var first = await OpenAsync(hold, serverId, openLimit, cancellationToken).ConfigureAwait(false);
            hold.StopHearingSteps();
            return await FollowAsync(hold, first, heldSince, condition, matchFirst: true, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits on a console the caller already holds, from a screen it has seen (send_keys' <c>then</c>: the screen
    /// before the keys). That screen is the reference a change is measured from, and never a match itself: the text
    /// the caller waits for may well be on it already (a shell prompt before and after a command).
    /// </summary>
    public Task<ConsoleWaitOutcome> WaitAfterAsync(
        ConsoleHold hold,
        ConsoleScreen seen,
        ConsoleWaitCondition condition,
        IProgress<ConsoleProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(condition);
        return FollowAsync(hold, seen, time.GetUtcNow(), condition, matchFirst: false, progress, cancellationToken);
    }

    private async Task<ConsoleScreen> OpenAsync(ConsoleHold hold, string serverId, TimeSpan openLimit, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(openLimit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await hold.NextScreenAsync(FollowInterval, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var limit = ConsoleWaitCondition.Seconds(openLimit);
            throw new ConsoleException(
                hold.AccessReady
                    ? $"The console of {serverId} did not show a screen within {limit} s: it answers too slowly; try again, and check the BMC if it persists."
                    : $"The console of {serverId} did not open within {limit} s while OVH grants console access; OVH keeps working on the grant in the background, so wait again in a minute.",
                ex);
        }
    }

    private async Task<ConsoleWaitOutcome> FollowAsync(
        ConsoleHold hold,
        ConsoleScreen first,
        DateTimeOffset heldSince,
        ConsoleWaitCondition condition,
        bool matchFirst,
        IProgress<ConsoleProgress>? progress,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var startedAt = time.GetUtcNow();
        var screen = first;
        long? lastChange = null;
        progress?.Report(new ConsoleProgress($"waiting for {condition.Describe()}", TimeSpan.Zero));
        if (matchFirst && condition.Until == ConsoleWaitUntil.Text && condition.Matches(first.Capture.Text?.Text))
        {
            return Met(screen, $"matched {condition.QuotedPattern} after {Elapsed(TimeSpan.Zero)} s");
        }

        while (true)
        {
            var elapsed = time.GetElapsedTime(started);
            var remaining = condition.Timeout - elapsed;
            if (condition.Until == ConsoleWaitUntil.Stable)
            {
                var unchangedFor = time.GetElapsedTime(lastChange ?? started);
                if (unchangedFor >= condition.StableFor)
                {
                    return Met(screen, $"stable for {ConsoleWaitCondition.Seconds(condition.StableFor)} s after {Elapsed(elapsed)} s");
                }

                remaining = Min(remaining, condition.StableFor - unchangedFor);
            }

            if (elapsed >= condition.Timeout)
            {
                return new ConsoleWaitOutcome(false, screen.Capture, TimedOut(condition, screen, lastChange is not null || first.ChangedAt < heldSince, startedAt));
            }

            var next = await hold.NextScreenAsync(Min(FollowInterval, remaining), cancellationToken).ConfigureAwait(false);
            var changed = next.Version != screen.Version;
            screen = next;
            if (!changed)
            {
                continue;
            }

            lastChange = time.GetTimestamp();
            elapsed = time.GetElapsedTime(started);
            switch (condition.Until)
            {
                case ConsoleWaitUntil.Change:
                    return Met(screen, $"the screen changed after {Elapsed(elapsed)} s");
                case ConsoleWaitUntil.Text when condition.Matches(screen.Capture.Text?.Text):
                    return Met(screen, $"matched {condition.QuotedPattern} after {Elapsed(elapsed)} s");
                default:
                    progress?.Report(new ConsoleProgress($"the screen changed; waiting for {condition.Describe()}", elapsed));
                    break;
            }
        }
    }

    private static ConsoleWaitOutcome Met(ConsoleScreen screen, string sentence) => new(true, screen.Capture, sentence);

    // changeSeen: a change was seen during this wait, or by a follower before it; else only the wait's start is known.
    private static string TimedOut(ConsoleWaitCondition condition, ConsoleScreen screen, bool changeSeen, DateTimeOffset startedAt)
    {
        var timeout = ConsoleWaitCondition.Seconds(condition.Timeout);
        var history = changeSeen
            ? string.Create(CultureInfo.InvariantCulture, $"the screen last changed at {screen.ChangedAt.UtcDateTime:HH:mm:ss} UTC")
            : string.Create(CultureInfo.InvariantCulture, $"the screen has not changed since the wait began at {startedAt.UtcDateTime:HH:mm:ss} UTC");
        return condition.Until switch
        {
            ConsoleWaitUntil.Change => $"no change in {timeout} s; {history}",
            ConsoleWaitUntil.Stable => $"the screen did not stay unchanged for {ConsoleWaitCondition.Seconds(condition.StableFor)} s within {timeout} s; {history}",
            _ => $"no match for {condition.QuotedPattern} in {timeout} s; {history}",
        };
    }

    private static string Elapsed(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
