namespace OvhIkvm.Simulators.Bmc;

/// <summary>Serves the given screens in order, then repeats the last one (e.g. partial updates, then a full frame).</summary>
public sealed class BmcScreenSequence : IBmcScreenSource
{
    private readonly BmcScreen[] _screens;
    private int _next;

    public BmcScreenSequence(params BmcScreen[] screens)
    {
        ArgumentNullException.ThrowIfNull(screens);
        ArgumentOutOfRangeException.ThrowIfZero(screens.Length);
        _screens = screens;
    }

    public BmcScreen NextFrame()
    {
        var index = Interlocked.Increment(ref _next) - 1;
        return _screens[Math.Min(index, _screens.Length - 1)];
    }
}
