namespace OvhIkvm.Simulators.Bmc;

/// <summary>
/// Screens that change at known moments: each step shows its screen from its offset on, counted on
/// <paramref name="time"/> from the first frame served (a test's FakeTimeProvider, or real time). Offsets must be
/// increasing and the first must be zero.
/// </summary>
public sealed class BmcScreenSchedule(TimeProvider time, params (TimeSpan At, BmcScreen Screen)[] steps) : IChangingBmcScreenSource
{
    private readonly (TimeSpan At, BmcScreen Screen)[] _steps = Validate(steps);
    private readonly Lock _lock = new();
    private long? _started;
    private int _served;

    /// <summary>Time since the first frame was served; zero before it.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_lock)
            {
                return _started is { } started ? time.GetElapsedTime(started) : TimeSpan.Zero;
            }
        }
    }

    /// <summary>The index of the step now showing.</summary>
    public int CurrentStep => StepAt(Elapsed);

    public BmcScreen NextFrame()
    {
        lock (_lock)
        {
            _started ??= time.GetTimestamp();
            _served = StepAt(time.GetElapsedTime(_started.Value));
            return _steps[_served].Screen;
        }
    }

    /// <summary>Completes when the screen differs from the one last served: at once if it already does.</summary>
    public Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        var elapsed = Elapsed;
        int served;
        lock (_lock)
        {
            served = _served;
        }

        if (StepAt(elapsed) != served)
        {
            return Task.CompletedTask;
        }

        var next = served + 1;
        return next < _steps.Length
            ? Task.Delay(_steps[next].At - elapsed, time, cancellationToken)
            : Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
    }

    private int StepAt(TimeSpan elapsed)
    {
        var index = 0;
        while (index + 1 < _steps.Length && _steps[index + 1].At <= elapsed)
        {
            index++;
        }

        return index;
    }

    private static (TimeSpan At, BmcScreen Screen)[] Validate((TimeSpan At, BmcScreen Screen)[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentOutOfRangeException.ThrowIfZero(steps.Length);
        if (steps[0].At != TimeSpan.Zero)
        {
            throw new ArgumentException("The first step starts at zero.", nameof(steps));
        }

        for (var i = 1; i < steps.Length; i++)
        {
            if (steps[i].At <= steps[i - 1].At)
            {
                throw new ArgumentException("Step offsets must increase.", nameof(steps));
            }
        }

        return steps;
    }
}
