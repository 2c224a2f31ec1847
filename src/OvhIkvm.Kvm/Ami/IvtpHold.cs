using System.IO.Hashing;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Ami.Ivtp;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Kvm.Input;

namespace OvhIkvm.Kvm.Ami;

/// <summary>
/// The KVM connection a session keeps open after its first complete screen, so that following the screen costs one
/// KVM token and one WebSocket however many frames it takes. The follow loop (<see cref="IvtpCapture.FollowAsync"/>)
/// runs in the background for as long as the hold lasts, between calls as well as during them: the BMC times a
/// session out without keep-alives, and a caller may wait seconds between two calls. The loop is the only reader of
/// the socket; every write goes through the socket's one send gate (<see cref="IvtpSocket.SendAsync"/>), the keyboard
/// reports of <see cref="TypeAsync"/> included.
/// </summary>
internal sealed class IvtpHold : IAsyncDisposable
{
    private static readonly byte[] StopSession = IvtpPacket.Encode(IvtpPacket.Empty(IvtpCommand.StopSessionImmediate));
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly IvtpSocket _socket;
    private readonly IvtpCapture _capture;
    private readonly IVideoFrameDecoder _decoder;
    private readonly CancellationTokenSource _lifetime;
    private readonly TimeProvider _time;
    private readonly Task _follow;

    // One keyboard for the connection's life: its report sequence numbers rise across calls, as the BMC expects.
    private readonly IvtpKeyboard _keyboard;
    private readonly SemaphoreSlim _typing = new(1, 1);
    private int _seen;
    private ulong _lastReturned;
    private int _busy;

    private IvtpHold(IvtpSocket socket, IvtpCapture capture, IVideoFrameDecoder decoder, CancellationTokenSource lifetime, Frame first, TimeProvider time)
    {
        _socket = socket;
        _capture = capture;
        _decoder = decoder;
        _lifetime = lifetime;
        _time = time;
        _seen = capture.DecodedFrames;
        _lastReturned = Fingerprint(first);
        _keyboard = new IvtpKeyboard(socket, time);
        // On a pool thread, never inline: under a BMC that never stops sending, every await of the loop can complete
        // at once, and a loop started on the caller's thread would not hand it back.
        _follow = Task.Run(() => capture.FollowAsync(lifetime.Token), CancellationToken.None);
    }

    /// <summary>Takes over a connection whose capture has just returned <paramref name="first"/>, and starts following.</summary>
    public static IvtpHold Start(IvtpSocket socket, IvtpCapture capture, IVideoFrameDecoder decoder, CancellationTokenSource lifetime, Frame first, TimeProvider time) =>
        new(socket, capture, decoder, lifetime, first, time);

    /// <summary>
    /// Asks the BMC for the screen, then returns the first decoded screen that differs from the last one returned, or
    /// the screen as it is when <paramref name="maxWait"/> passes. Repaints of an unchanged screen (the answer to our
    /// own request) are not a change: screens are compared by a 64-bit fingerprint, so no second copy is kept.
    /// </summary>
    /// <exception cref="OvhIkvm.Consoles.ConsoleException">The follow loop ended: the BMC closed, broke the stream or stopped answering.</exception>
    public async Task<Frame> NextAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        // What "the last frame returned" means is per caller: two callers at once would steal each other's changes.
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException("Only one call at a time can follow the screen of a KVM session.");
        }

        try
        {
            return await NextCoreAsync(maxWait, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private async Task<Frame> NextCoreAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        await ThrowIfEndedAsync().ConfigureAwait(false);
        _capture.RequestScreen();
        using var limit = new CancellationTokenSource(maxWait, _time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        while (true)
        {
            var decoded = _capture.DecodedFrames;
            if (decoded > _seen)
            {
                _seen = decoded;
                var frame = await _capture.SnapshotAsync(cancellationToken).ConfigureAwait(false);
                if (TryTakeChange(frame))
                {
                    return frame;
                }

                continue;
            }

            try
            {
                await Task.WhenAny(_capture.WaitForFrameAsync(decoded), _follow).WaitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }

            await ThrowIfEndedAsync().ConfigureAwait(false);
        }

        var unchanged = await _capture.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        TryTakeChange(unchanged);
        return unchanged;
    }

    /// <summary>
    /// Types on the held connection, one caller at a time, while the follow loop goes on reading: the BMC's answers
    /// are read as they come, so the close that follows never resets a connection with unread bytes (a reset can
    /// drop the last key release).
    /// </summary>
    /// <exception cref="OvhIkvm.Consoles.ConsoleException">The follow loop had ended: the BMC closed, broke the stream or stopped answering.</exception>
    public async Task TypeAsync(KeySequence keys, CancellationToken writeLimit, CancellationToken cancellationToken)
    {
        await ThrowIfEndedAsync().ConfigureAwait(false);
        await _typing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _keyboard.TypeAsync(keys, writeLimit, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _typing.Release();
        }
    }

    /// <summary>Says goodbye as AMI's viewer does (StopSessionImmediate, then a WebSocket close), briefly, then lets go of everything.</summary>
    public async ValueTask DisposeAsync()
    {
        _capture.BeginClose();
        await _socket.CloseAsync(StopSession, CloseTimeout, _time).ConfigureAwait(false);
        try
        {
            // The BMC answers the close; the loop ends on it. One that does not is cut off below.
            await _follow.WaitAsync(CloseTimeout, _time).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OvhIkvm.Consoles.ConsoleException or OperationCanceledException or TimeoutException)
        {
            // Expected: the loop reports the close as the end of the session.
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        _ = _follow.ContinueWith(static t => t.Exception, TaskScheduler.Default);
        _capture.Dispose();
        await _socket.DisposeAsync().ConfigureAwait(false);
        _decoder.Dispose();
        _lifetime.Dispose();
        _typing.Dispose();
    }

    private async Task ThrowIfEndedAsync()
    {
        if (_follow.IsCompleted)
        {
            await _follow.ConfigureAwait(false);
            throw new ObjectDisposedException(nameof(AmiKvmSession));
        }
    }

    private bool TryTakeChange(Frame frame)
    {
        var fingerprint = Fingerprint(frame);
        var changed = fingerprint != _lastReturned;
        _lastReturned = fingerprint;
        return changed;
    }

    private static ulong Fingerprint(Frame frame) =>
        XxHash3.HashToUInt64(frame.Pixels, ((long)frame.Width << 32) | (uint)frame.Height);
}
