using OvhIkvm.Imaging;

namespace OvhIkvm.Tool.Hands;

/// <summary>Where a followed screen stands: what it showed before the action, what it shows now, and since when.</summary>
/// <param name="Before">The screen before the keys or the reboot.</param>
/// <param name="Current">The latest screen.</param>
/// <param name="StableFor">How long the screen has not changed.</param>
/// <param name="Elapsed">How long the screen has been followed.</param>
internal sealed record ScreenObservation(Frame Before, Frame Current, TimeSpan StableFor, TimeSpan Elapsed)
{
    /// <summary>The screen differs from the one before the action.</summary>
    public bool Changed => !Current.ContentEquals(Before);
}
