using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OvhIkvm.Consoles;
using OvhIkvm.Imaging.Text;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Tool.Consoles;

namespace OvhIkvm.Tool.Watching;

/// <summary>
/// The one place a server's console session is held: at most one KVM session per server, because BMCs allow one
/// viewer and a second one is refused or kicks the first off.
/// </summary>
/// <remarks>
/// A caller joins with <see cref="Hold"/>, which returns a <see cref="ConsoleHold"/> at once: the first holder of a
/// server opens its console (directory access, then the KVM session) and every later holder shares that session
/// until the last one disposes its hold, which closes it. Through the hold, a caller takes the current screen
/// (<see cref="ConsoleHold.CurrentScreenAsync"/>: the screen a follower keeps fresh, else one capture) or follows
/// the screen (<see cref="ConsoleHold.NextScreenAsync"/>); each use of the session runs alone, under the held
/// console's own gate and lifetime, so one caller leaving never breaks the session for the others. A caller that
/// acts on the console (send_keys, reboot_server) holds it the same way and types through the hold
/// (<see cref="ConsoleHold.TypeAsync"/>), between two frames of any follower.
/// </remarks>
internal sealed partial class HeldConsoles(
    IConsoleDirectory directory,
    IKvmSessionFactory sessions,
    ConsoleTextRecognizer recognizer,
    TimeProvider time,
    ILogger<HeldConsoles> logger)
{
    private readonly ConcurrentDictionary<string, HeldConsole> _held = new(StringComparer.OrdinalIgnoreCase);

    internal TimeProvider Time => time;

    internal ConsoleTextRecognizer Recognizer => recognizer;

    /// <summary>Joins the server's held console, or starts holding it; the console opens in the background.</summary>
    /// <param name="serverId">A server id from the console directory.</param>
    /// <param name="progress">Hears the slow steps of opening (grant, task polling, connection) while the hold lasts.</param>
    public ConsoleHold Hold(string serverId, IProgress<ConsoleProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        while (true)
        {
            var console = HoldOrStart(serverId);
            if (console.TryJoin(progress))
            {
                return new ConsoleHold(console, progress);
            }

            // Its last holder just left and it is closing: hold a fresh one.
            _held.TryRemove(new KeyValuePair<string, HeldConsole>(serverId, console));
        }
    }

    /// <summary>Whether a session of the server is held at this moment (for tests and diagnostics).</summary>
    public bool IsHeld(string serverId) => _held.ContainsKey(serverId);

    internal void Forget(string serverId, HeldConsole console) =>
        _held.TryRemove(new KeyValuePair<string, HeldConsole>(serverId, console));

    internal async Task<IKvmSession> OpenSessionAsync(string serverId, HeldConsole console, CancellationToken cancellationToken)
    {
        var endpoint = await directory.OpenConsoleAsync(serverId, console.Progress, cancellationToken).ConfigureAwait(false);
        console.AccessReady = true;
        try
        {
            return await sessions.OpenAsync(endpoint, console.Progress, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsoleAccessRefusedException)
        {
            AccessRefused(serverId);
            throw;
        }
    }

    /// <summary>
    /// The console refused its access, on opening or later (a BMC may reject the session at its first frame): a cached
    /// access it refuses would fail every call until it expires, so it is dropped and a retry asks anew.
    /// </summary>
    internal void AccessRefused(string serverId)
    {
        directory.ForgetConsoleAccess(serverId);
        LogAccessForgotten(serverId);
    }

    internal void SessionFailed(string serverId, Exception exception) => LogSessionFailed(serverId, exception.Message);

    /// <summary>
    /// The held console of the server, or a new one. GetOrAdd may run a factory twice under contention, so nothing
    /// is started inside it: only the instance that won the race opens, and a losing one is never run.
    /// </summary>
    private HeldConsole HoldOrStart(string serverId)
    {
        if (_held.TryGetValue(serverId, out var existing))
        {
            return existing;
        }

        var candidate = new HeldConsole(this, serverId);
        var console = _held.GetOrAdd(serverId, candidate);
        if (ReferenceEquals(console, candidate))
        {
            candidate.Start();
        }

        return console;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The console of {ServerId} refused its access; the next capture requests a new one")]
    private partial void LogAccessForgotten(string serverId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the console session of {ServerId} failed: {Reason}")]
    private partial void LogSessionFailed(string serverId, string reason);
}
