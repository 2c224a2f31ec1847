using OvhIkvm.Consoles;
using OvhIkvm.Imaging.Rendering;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Tool.Consoles;
using OvhIkvm.Tool.Screenshots;
using OvhIkvm.Tool.Watching;

namespace OvhIkvm.Tool.Hands;

/// <summary>
/// Acts on a server's held console (<see cref="HeldConsoles"/>), the one session a wait_for_console or a
/// get_screenshot of the same server shares, since a BMC allows one viewer: looks at the screen, acts, and follows
/// the screen on that session until it has settled.
/// </summary>
internal sealed class ConsoleHands(
    IConsoleDirectory directory,
    IEnumerable<IServerPowerControl> powerControls,
    HeldConsoles consoles,
    ScreenFollower follower,
    ConsoleWaiter waiter,
    IScreenshotRenderer renderer) : IConsoleHands
{
    /// <summary>How long the screen is followed after the keys before it is shown as it is.</summary>
    public static readonly TimeSpan FollowLimit = TimeSpan.FromSeconds(5);

    /// <summary>How long the screen is followed after a reboot task has ended: POST and firmware take minutes on real hardware.</summary>
    public static readonly TimeSpan RebootFollowLimit = TimeSpan.FromMinutes(5);

    public async Task<(Screenshot Screen, string? Outcome)> SendKeysAsync(
        string serverId, KeySequence keys, ConsoleWaitCondition? then, bool raw, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var hold = consoles.Hold(serverId, progress);
        await using (hold.ConfigureAwait(false))
        {
            var before = await hold.NextScreenAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            await hold.TypeAsync(keys, cancellationToken).ConfigureAwait(false);
            if (then is not null)
            {
                var outcome = await waiter.WaitAfterAsync(hold, before, then, progress, cancellationToken).ConfigureAwait(false);
                return (Screenshot.Render(serverId, outcome.Screen, renderer, raw), outcome.Sentence);
            }

            var after = await follower.FollowAsync(hold, before, ScreenSettled.AfterKeys, FollowLimit, cancellationToken).ConfigureAwait(false);
            return (Show(serverId, after, raw), null);
        }
    }

    public async Task<(PowerActionResult Reboot, Screenshot Screen, bool Changed)> RebootAsync(
        string serverId, bool raw, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        var power = await PowerControlOfAsync(serverId, cancellationToken).ConfigureAwait(false);
        var hold = consoles.Hold(serverId, progress);
        await using (hold.ConfigureAwait(false))
        {
            var before = await hold.NextScreenAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            var reboot = await power.RebootAsync(serverId, progress, cancellationToken).ConfigureAwait(false);
            progress?.Report(new ConsoleProgress($"OVH task {reboot.TaskId} {reboot.Status}; waiting for the screen to change", reboot.Elapsed));
            var after = await follower.FollowAsync(hold, before, ScreenSettled.AnyChange, RebootFollowLimit, cancellationToken).ConfigureAwait(false);
            return (reboot, Show(serverId, after, raw), !after.Capture.Frame.ContentEquals(before.Capture.Frame));
        }
    }

    /// <summary>The power control of the provider that lists the server; a clear refusal for a provider without one.</summary>
    private async Task<IServerPowerControl> PowerControlOfAsync(string serverId, CancellationToken cancellationToken)
    {
        var listing = await directory.ListServersAsync(cancellationToken).ConfigureAwait(false);
        var server = listing.Servers.FirstOrDefault(s => string.Equals(s.Id, serverId, StringComparison.OrdinalIgnoreCase))
            ?? throw new ServerNotFoundException(serverId, $"Server '{serverId}' is not known to any configured provider; call list_servers to see the available ids.");
        return powerControls.FirstOrDefault(p => string.Equals(p.ProviderName, server.Provider, StringComparison.Ordinal))
            ?? throw new ConsoleException(
                $"reboot_server works on OVH servers only: {serverId} is a {server.Provider} target, whose console protocol (VNC or the BMC's KVM) gives this tool no documented power action; reboot it through its own management interface.");
    }

    private Screenshot Show(string serverId, ConsoleScreen screen, bool raw) => Screenshot.Render(serverId, screen.Capture, renderer, raw);
}
