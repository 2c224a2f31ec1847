using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Tool.Screenshots;
using OvhIkvm.Tool.Watching;

namespace OvhIkvm.Tool.Hands;

/// <summary>Acts on a console and shows what the action did.</summary>
internal interface IConsoleHands
{
    /// <summary>
    /// Types <paramref name="keys"/> on the server's console, then follows the screen: until <paramref name="then"/>
    /// holds or times out (its sentence says which, and when), or, without one, until the screen has changed and
    /// settled or a few seconds pass (no sentence).
    /// </summary>
    /// <exception cref="ConsoleException">The console could not be opened, takes no keys, or failed.</exception>
    Task<(Screenshot Screen, string? Outcome)> SendKeysAsync(
        string serverId, KeySequence keys, ConsoleWaitCondition? then, bool raw, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Hard-reboots the server through its provider, follows the provider's task to its end, then follows the console
    /// until its screen differs from the one before the reboot (or <paramref name="cancellationToken"/> ends the wait).
    /// </summary>
    /// <exception cref="ConsoleException">The server's provider offers no power action, refused it, or the task failed.</exception>
    Task<(PowerActionResult Reboot, Screenshot Screen, bool Changed)> RebootAsync(string serverId, bool raw, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken);
}
