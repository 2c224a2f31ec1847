using OvhIkvm.Consoles;
using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Rendering;
using OvhIkvm.Imaging.Text;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Tool.Consoles;
using OvhIkvm.Tool.Screenshots;

namespace OvhIkvm.Tool.Hands;

/// <summary>
/// Opens a console as a screenshot does (directory access, then a KVM session), looks at the screen, acts, and
/// follows the screen on the same session until it has settled.
/// </summary>
internal sealed class ConsoleHands(
    IConsoleDirectory directory,
    IEnumerable<IServerPowerControl> powerControls,
    IKvmSessionFactory sessions,
    ScreenFollower follower,
    IScreenshotRenderer renderer,
    ConsoleTextRecognizer recognizer,
    TimeProvider time) : IConsoleHands
{
    /// <summary>How long the screen is followed after the keys before it is shown as it is.</summary>
    public static readonly TimeSpan FollowLimit = TimeSpan.FromSeconds(5);

    /// <summary>How long the screen is followed after a reboot task has ended: POST and firmware take minutes on real hardware.</summary>
    public static readonly TimeSpan RebootFollowLimit = TimeSpan.FromMinutes(5);

    public async Task<Screenshot> SendKeysAsync(
        string serverId, KeySequence keys, IScreenCondition until, bool raw, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var frame = await WithSessionAsync(
            serverId,
            progress,
            async (session, t) =>
            {
                if (session is not IKvmKeyboard keyboard)
                {
                    throw new ConsoleException($"The console of {serverId} cannot take keys: its protocol has no keyboard this tool can drive.");
                }

                var before = await session.NextFrameAsync(TimeSpan.Zero, t).ConfigureAwait(false);
                await keyboard.SendKeysAsync(keys, t).ConfigureAwait(false);
                return await follower.FollowAsync(session, before, until, FollowLimit, t).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return Show(serverId, frame, raw);
    }

    public async Task<(PowerActionResult Reboot, Screenshot Screen, bool Changed)> RebootAsync(
        string serverId, bool raw, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        var power = await PowerControlOfAsync(serverId, cancellationToken).ConfigureAwait(false);
        PowerActionResult? reboot = null;
        Frame? before = null;
        var after = await WithSessionAsync(
            serverId,
            progress,
            async (session, t) =>
            {
                before = await session.NextFrameAsync(TimeSpan.Zero, t).ConfigureAwait(false);
                reboot = await power.RebootAsync(serverId, progress, t).ConfigureAwait(false);
                progress?.Report(new ConsoleProgress($"OVH task {reboot.TaskId} {reboot.Status}; waiting for the screen to change", reboot.Elapsed));
                return await follower.FollowAsync(session, before, ScreenSettled.AnyChange, RebootFollowLimit, t).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return (reboot!, Show(serverId, after, raw), !after.ContentEquals(before!));
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

    /// <summary>Runs <paramref name="act"/> on a fresh session to the server's console, dropping an access the console refused.</summary>
    private async Task<Frame> WithSessionAsync(
        string serverId, IProgress<ConsoleProgress>? progress, Func<IKvmSession, CancellationToken, Task<Frame>> act, CancellationToken cancellationToken)
    {
        var endpoint = await directory.OpenConsoleAsync(serverId, progress, cancellationToken).ConfigureAwait(false);
        try
        {
            var session = await sessions.OpenAsync(endpoint, progress, cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                return await act(session, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ConsoleAccessRefusedException)
        {
            directory.ForgetConsoleAccess(serverId);
            throw;
        }
    }

    private Screenshot Show(string serverId, Frame frame, bool raw) =>
        new(serverId, renderer.Render(frame, raw), frame.Width, frame.Height, time.GetUtcNow()) { Source = frame, Text = recognizer.Recognize(frame) };
}
