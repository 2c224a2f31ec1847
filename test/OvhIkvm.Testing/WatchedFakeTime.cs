using Microsoft.Extensions.Time.Testing;

namespace OvhIkvm.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells a test when the code under test arms a timer. Advancing fake time
/// before the timer exists would only move the moment the timer counts from, so a test first waits (in real time,
/// bounded by its token) for the timer it means to fire, then advances exactly to it.
/// </summary>
public sealed class WatchedFakeTime : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _armed = [];
    private readonly List<TimeSpan> _history = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts at the real current time, so that peers comparing timestamps with ours see nothing odd.</summary>
    public WatchedFakeTime()
        : base(System.GetUtcNow())
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _armed.Add(dueTime);
            _history.Add(dueTime);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return timer;
    }

    /// <summary>Waits until the code under test has armed a timer due <paramref name="dueTime"/> from its creation (each timer answers one wait).</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_armed.Remove(dueTime))
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                lock (_gate)
                {
                    Assert.Fail($"No timer due {dueTime} was armed; the timers armed were due [{string.Join(", ", _history)}].");
                }
            }
        }
    }
}
