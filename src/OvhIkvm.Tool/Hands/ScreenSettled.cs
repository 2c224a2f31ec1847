namespace OvhIkvm.Tool.Hands;

/// <summary>The screen changed after the action and then held still for <paramref name="stableFor"/>.</summary>
internal sealed class ScreenSettled(TimeSpan stableFor) : IScreenCondition
{
    /// <summary>A second without change: a shell has echoed, a menu has redrawn.</summary>
    public static ScreenSettled AfterKeys { get; } = new(TimeSpan.FromSeconds(1));

    /// <summary>Any change at all: the first screen that differs (a reboot's first picture).</summary>
    public static ScreenSettled AnyChange { get; } = new(TimeSpan.Zero);

    public bool IsMet(ScreenObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return observation.Changed && observation.StableFor >= stableFor;
    }
}
