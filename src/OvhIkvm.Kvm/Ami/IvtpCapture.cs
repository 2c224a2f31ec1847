using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Ami.Ivtp;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Ami;

/// <summary>
/// One IVTP conversation on an open KVM socket, from CONNECTION_ALLOWED to a screen whose every block has been
/// painted, and, for a held session, on after it (<see cref="FollowAsync"/>). It is single-threaded: one loop waits
/// for either the next bytes or the next tick, so keep-alives and "ask again" requests never race with the packet
/// handling. What the client sends on its own (keep-alives, the full-screen retry) runs on the tick, never in answer
/// to the BMC, so a chatty or hostile BMC cannot make it send more, nor starve it by sending without pause. The loop's
/// pending receive and tick live in fields: a held session's follow loop continues the very receive the first
/// capture started, because cancelling a WebSocket receive aborts the socket.
/// </summary>
internal sealed partial class IvtpCapture(
    IvtpSocket socket,
    IVideoFrameDecoder decoder,
    AmiSessionOptions options,
    VideoLimits limits,
    TimeProvider time,
    ILogger logger,
    string host) : IDisposable
{
    private static readonly byte[] ResumeAndFullScreen = IvtpPacket.Encode(
        IvtpPacket.Empty(IvtpCommand.ResumeRedirection),
        IvtpPacket.Empty(IvtpCommand.GetFullScreen));

    private static readonly byte[] KeepAlive = IvtpPacket.Encode(IvtpPacket.Empty(IvtpCommand.KeepAlive));

    private readonly IvtpPacketReader _reader = new(IvtpPacket.HeaderSize + VideoFrameHeader.StandardLength + limits.MaxCompressedBytes, decoder.Memory);
    private readonly VideoFragmentAssembler _assembler = new(limits, decoder.Memory);

    // Decoding (the loop) and snapshots (a caller of a held session) take turns on the decoder's screen.
    private readonly SemaphoreSlim _screenGate = new(1, 1);
    private readonly Lock _signalLock = new();
    private TaskCompletionSource _decoded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PeriodicTimer? _ticker;
    private Task<bool>? _receive;
    private Task<bool>? _tick;
    private byte[] _validationPayload = [];
    private bool _keepScreen;
    private bool _following;
    private volatile bool _screenWanted;
    private volatile bool _closing;
    private long _unansweredSince;
    private int _dropsBeforeStreak;
    private Phase _phase = Phase.AwaitingConnectionAllowed;
    private long _lastKeepAlive;
    private long _lastFullScreenRequest;
    private bool _fullScreenRequested;
    private bool _blankScreen;
    private int _corruptFrames;
    private int _framesDecoded;
    private int _screensCompleted;
    private int _droppedFramesSeen;
    private string? _lastDecodeError;

    private enum Phase
    {
        AwaitingConnectionAllowed,
        AwaitingValidation,
        Validated,
    }

    /// <summary>Runs the conversation. Returns the screen, or the BMC's validation result code when it refused the session.</summary>
    /// <param name="validationPayload">The ValidateVideoSession payload built from the single-use KVM token.</param>
    /// <param name="keepScreen">Return a copy and keep the decoder's screen, for a session that goes on to <see cref="FollowAsync"/>.</param>
    /// <param name="cancellationToken">Ends the conversation; cancelling a pending receive aborts the socket.</param>
    /// <exception cref="ConsoleException">The BMC refused, broke the protocol, closed, or stalled.</exception>
    public Task<IvtpCaptureResult> RunAsync(byte[] validationPayload, bool keepScreen, CancellationToken cancellationToken)
    {
        _validationPayload = validationPayload;
        _keepScreen = keepScreen;
        return LoopAsync(cancellationToken);
    }

    /// <summary>
    /// Goes on after <see cref="RunAsync"/> returned a screen, on the same socket: decodes every frame the BMC sends
    /// (of its own accord, or in answer to <see cref="RequestScreen"/>) into the same screen and signals
    /// <see cref="DecodedFrames"/>, and keeps the keep-alives going on the tick. Ends only with an exception: the
    /// BMC closed, broke the protocol or left a full-screen request unanswered for
    /// <see cref="AmiSessionOptions.FollowSilenceTimeout"/>, or <paramref name="cancellationToken"/> (the session's lifetime) ended it.
    /// </summary>
    public async Task FollowAsync(CancellationToken cancellationToken)
    {
        _following = true;
        _unansweredSince = 0;
        _dropsBeforeStreak = _assembler.DroppedFrames;
        _corruptFrames = 0;
        await LoopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Complete frames decoded so far; read it before <see cref="WaitForFrameAsync"/> to wait for the next.</summary>
    public int DecodedFrames => Volatile.Read(ref _screensCompleted);

    /// <summary>Asks the follow loop to request a full screen on its next tick (unless one is already on its way).</summary>
    public void RequestScreen() => _screenWanted = true;

    /// <summary>Completes when a frame is decoded after <paramref name="seen"/> frames, or at once if one already was.</summary>
    public Task WaitForFrameAsync(int seen)
    {
        lock (_signalLock)
        {
            return DecodedFrames > seen ? Task.CompletedTask : _decoded.Task;
        }
    }

    /// <summary>A copy of the screen as decoded so far; never a half-painted frame, because decoding waits for it.</summary>
    public async Task<Frame> SnapshotAsync(CancellationToken cancellationToken)
    {
        await _screenGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return decoder.Snapshot();
        }
        finally
        {
            _screenGate.Release();
        }
    }

    /// <summary>Stops the loop from sending anything more of its own: the session is saying goodbye.</summary>
    public void BeginClose() => _closing = true;

    public void Dispose()
    {
        // Observe the loop's pending tasks so that a receive ended by the socket's abort never surfaces as an unobserved exception.
        _ = _receive?.ContinueWith(static t => t.Exception, TaskScheduler.Default);
        _ = _tick?.ContinueWith(static t => t.Exception, TaskScheduler.Default);
        _receive = null;
        _tick = null;
        _ticker?.Dispose();
        _reader.Dispose();
        _assembler.Dispose();
    }

    private async Task<IvtpCaptureResult> LoopAsync(CancellationToken cancellationToken)
    {
        var validationDeadline = time.GetTimestamp() + (long)(options.ValidationTimeout.TotalSeconds * time.TimestampFrequency);
        _ticker ??= new PeriodicTimer(TickInterval(), time);
        try
        {
            while (true)
            {
                _receive ??= socket.ReceiveAsync(_reader, cancellationToken);
                _tick ??= _ticker.WaitForNextTickAsync(cancellationToken).AsTask();

                // The tick goes first: when both are ready, WhenAny picks the earlier task in the list, and a BMC that
                // never stops sending keeps the receive ready forever.
                var finished = await Task.WhenAny(_tick, _receive).ConfigureAwait(false);
                if (finished == _tick)
                {
                    _tick = null;

                    // A cancelled tick ends the loop: unobserved, the next wait on the same token is cancelled at once
                    // too, and the loop would spin on it until a deadline of its own passed.
                    await finished.ConfigureAwait(false);
                    await OnTickAsync(validationDeadline, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                _receive = null;
                if (!await finished.ConfigureAwait(false))
                {
                    throw new ConsoleException(DescribeClosed());
                }

                while (_reader.TryRead(out var packet))
                {
                    var result = await OnPacketAsync(packet, _validationPayload, cancellationToken).ConfigureAwait(false);
                    if (result is not null)
                    {
                        return result;
                    }
                }
            }
        }
        catch (IvtpProtocolException exception)
        {
            throw new ConsoleException($"The BMC at {host} sent a malformed KVM stream: {exception.Message}.", exception);
        }
        catch (WebSocketException exception) when (exception.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
        {
            // A cancelled receive aborts the socket: that is the caller's cancellation (or our timeout), not a BMC failure.
            cancellationToken.ThrowIfCancellationRequested();
            throw new ConsoleException(DescribeClosed(), exception);
        }
        catch (WebSocketException exception)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new ConsoleException($"The KVM connection to {host} failed ({exception.WebSocketErrorCode}){DescribeVideoState()}; retry in a few seconds.", exception);
        }
    }

    /// <summary>What the capture had seen when it gave up, to append to a timeout or close message.</summary>
    public string DescribeProgress() => _phase switch
    {
        _ when decoder.Memory.DescribeWait() is { } wait => wait.Reason,
        Phase.AwaitingConnectionAllowed => $"the BMC at {host} never offered the KVM session",
        Phase.AwaitingValidation => $"the BMC at {host} never answered the session validation",
        _ when _blankScreen => $"the console at {host} shows no picture (no video signal, or the server is powered off)",
        _ when _assembler.InProgress => $"the video stream from {host} stalled in the middle of a frame",
        _ when _framesDecoded > 0 => $"the screen at {host} was still not completely painted after {_framesDecoded} frames",
        _ => $"the BMC at {host} sent no video",
    };

    private string DescribeClosed() => _following
        ? $"The BMC at {host} closed the KVM connection while the screen was being followed; open a new session."
        : _phase == Phase.Validated
        ? $"The BMC at {host} closed the KVM connection before sending a complete screen{DescribeVideoState()}; retry in a few seconds."
        : $"The BMC at {host} closed the KVM connection before accepting the session; another viewer may hold the console, or the access has expired.";

    private string DescribeVideoState() => _phase == Phase.Validated ? $" ({DescribeProgress()})" : string.Empty;

    private TimeSpan TickInterval()
    {
        var shortest = new[] { options.KeepAliveInterval, options.FullScreenRetryInterval, options.ValidationTimeout }.Min();
        return TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromSeconds(1).Ticks));
    }

    private async Task OnTickAsync(long validationDeadline, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (_phase != Phase.Validated)
        {
            // Waiting for decoding memory is not the BMC's delay: the capture's own deadline ends that wait.
            if (now >= validationDeadline && decoder.Memory.DescribeWait() is null)
            {
                throw new ConsoleException(
                    $"The BMC at {host} did not accept the KVM session within {StepTimeout.Seconds(options.ValidationTimeout)} ({DescribeProgress()}); retry, or reset the BMC's sessions.");
            }

            return;
        }

        if (_closing)
        {
            return;
        }

        if (time.GetElapsedTime(_lastKeepAlive, now) >= options.KeepAliveInterval)
        {
            _lastKeepAlive = now;
            await SendAsync(KeepAlive, cancellationToken).ConfigureAwait(false);
        }

        if (_following)
        {
            await OnFollowTickAsync(now, cancellationToken).ConfigureAwait(false);
            return;
        }

        // No video since the last request (first request, a dropped frame, a BMC that waits to be asked): ask again.
        if (!_assembler.InProgress && time.GetElapsedTime(_lastFullScreenRequest, now) >= options.FullScreenRetryInterval)
        {
            await RequestFullScreenAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// While following, a full-screen request goes out only when a caller wants the screen, and is repeated only
    /// while unanswered: an idle console costs keep-alives, not a frame per tick. A request left without a complete
    /// frame for <see cref="AmiSessionOptions.FollowSilenceTimeout"/> means the BMC stopped answering (it sends nothing
    /// on its own while the screen does not change, so silence alone proves nothing).
    /// </summary>
    private async Task OnFollowTickAsync(long now, CancellationToken cancellationToken)
    {
        if (_unansweredSince != 0)
        {
            if (time.GetElapsedTime(_unansweredSince, now) >= options.FollowSilenceTimeout)
            {
                throw new ConsoleException(
                    $"The BMC at {host} stopped answering: no complete screen within {StepTimeout.Seconds(options.FollowSilenceTimeout)} of asking for one ({DescribeProgress()}); open a new session.");
            }

            if (!_assembler.InProgress && time.GetElapsedTime(_lastFullScreenRequest, now) >= options.FullScreenRetryInterval)
            {
                await RequestFullScreenAsync(cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (_screenWanted)
        {
            _screenWanted = false;
            await RequestFullScreenAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IvtpCaptureResult?> OnPacketAsync(IvtpPacket packet, byte[] validationPayload, CancellationToken cancellationToken)
    {
        switch (packet.Command)
        {
            case IvtpCommand.ConnectionAllowed when _phase == Phase.AwaitingConnectionAllowed:
                _phase = Phase.AwaitingValidation;
                await SendAsync(
                    IvtpPacket.Encode(
                        IvtpPacket.Empty(IvtpCommand.ConnectionComplete, status: 1),
                        new IvtpPacket(IvtpCommand.ValidateVideoSession, 1, validationPayload),
                        IvtpPacket.Empty(IvtpCommand.ResumeRedirection)),
                    cancellationToken).ConfigureAwait(false);
                return null;

            case IvtpCommand.ValidatedVideoSession when _phase == Phase.AwaitingValidation:
                var code = packet.Payload.Length > 0 ? packet.Payload.Span[0] : (byte)0;
                if (code != 1)
                {
                    return IvtpCaptureResult.Rejected(code);
                }

                _phase = Phase.Validated;
                _lastKeepAlive = _lastFullScreenRequest = time.GetTimestamp();
                LogValidated(logger, host);
                await SendAsync(IvtpPacket.Encode(IvtpPacket.Empty(IvtpCommand.PowerStatus)), cancellationToken).ConfigureAwait(false);
                return null;

            case IvtpCommand.MaxSessionClose:
                throw new ConsoleException(packet.Status == 1
                    ? $"The BMC at {host} rejected the KVM session: this client is already connected; wait a few seconds for the old session to end and retry."
                    : $"The BMC at {host} rejected the KVM session: another viewer is connected; close it or wait.");

            case IvtpCommand.ConnectionFailed:
                throw new ConsoleException($"The BMC at {host} refused the KVM connection; another viewer may hold the console, or the access has expired.");

            case IvtpCommand.StopSessionImmediate:
                throw new ConsoleException($"The BMC at {host} ended the KVM session ({DescribeStopReason(packet.Status)}); retry in a few seconds.");

            // Not echoed: ours go out on the tick, every KeepAliveInterval as AMI's viewer does. Echoing a BMC that
            // echoes too starts a ping-pong as fast as the network allows.
            case IvtpCommand.KeepAlive:
                return null;

            case IvtpCommand.PaintBlankScreen:
                _blankScreen = true;
                await SendAsync(IvtpPacket.Encode(IvtpPacket.Empty(IvtpCommand.PowerStatus)), cancellationToken).ConfigureAwait(false);
                return null;

            case IvtpCommand.PowerStatus when _phase == Phase.Validated:
                // While following, a power cycle (the reboot the caller is watching) is a moment of the screen, not a failure.
                if (packet.Status == 0 && _blankScreen && !_following)
                {
                    throw new ConsoleException($"The server behind {host} is powered off, so its console shows no picture; power it on first.");
                }

                if (!_fullScreenRequested)
                {
                    await RequestFullScreenAsync(cancellationToken).ConfigureAwait(false);
                }

                return null;

            case IvtpCommand.ActiveClients when _phase == Phase.Validated && !_fullScreenRequested:
                await RequestFullScreenAsync(cancellationToken).ConfigureAwait(false);
                return null;

            case IvtpCommand.VideoPackets when _phase == Phase.Validated:
                return await OnVideoAsync(packet.Payload, cancellationToken).ConfigureAwait(false);

            default:
                return null;
        }
    }

    private async Task<IvtpCaptureResult?> OnVideoAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var frame = await _assembler.AddAsync(payload, cancellationToken).ConfigureAwait(false);
        if (_assembler.DroppedFrames != _droppedFramesSeen)
        {
            _droppedFramesSeen = _assembler.DroppedFrames;
            LogFrameDropped(logger, host, _assembler.LastError);

            // While following, only damage since the last good frame counts: hours of watching may see a few.
            if (_droppedFramesSeen - _dropsBeforeStreak > options.MaxCorruptFrames)
            {
                throw new ConsoleException($"The BMC at {host} sent a damaged video stream ({_assembler.LastError}); retry, and reset the BMC if it persists.");
            }

            await RequestFullScreenAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (frame is null)
        {
            return null;
        }

        _blankScreen = false;
        if (frame.Header.Rc4Encrypted)
        {
            throw new ConsoleException($"The BMC at {host} encrypts its KVM video (RC4), which is not supported; turn off video encryption in the BMC's KVM settings.");
        }

        await _screenGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await decoder.DecodeAsync(frame, cancellationToken).ConfigureAwait(false);
            _framesDecoded++;
        }
        catch (ImageDecodeException exception)
        {
            _corruptFrames++;
            _lastDecodeError = exception.Message;
            LogFrameUndecodable(logger, host, exception.Message);
            if (_corruptFrames > options.MaxCorruptFrames)
            {
                throw new ConsoleException($"The video from {host} could not be decoded: {_lastDecodeError}.", exception);
            }
        }
        finally
        {
            _screenGate.Release();
            _assembler.ReleaseFrame();
        }

        if (decoder.IsComplete)
        {
            if (!_following)
            {
                Interlocked.Increment(ref _screensCompleted);
                return IvtpCaptureResult.Captured(_keepScreen ? decoder.Snapshot() : decoder.ToFrame());
            }

            _unansweredSince = 0;
            _corruptFrames = 0;
            _dropsBeforeStreak = _assembler.DroppedFrames;
            SignalDecoded();
            return null;
        }

        // Part of the screen is still unpainted: ask for a full screen again.
        await RequestFullScreenAsync(cancellationToken).ConfigureAwait(false);
        return null;
    }

    private void SignalDecoded()
    {
        lock (_signalLock)
        {
            Interlocked.Increment(ref _screensCompleted);
            _decoded.TrySetResult();
            _decoded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private Task RequestFullScreenAsync(CancellationToken cancellationToken)
    {
        _fullScreenRequested = true;
        _lastFullScreenRequest = time.GetTimestamp();
        if (_following && _unansweredSince == 0)
        {
            _unansweredSince = _lastFullScreenRequest;
        }

        return SendAsync(ResumeAndFullScreen, cancellationToken);
    }

    private Task SendAsync(byte[] message, CancellationToken cancellationToken) => socket.SendAsync(message, cancellationToken);

    private static string DescribeStopReason(ushort status) => status switch
    {
        2 => "video server restart",
        5 => "configuration changed",
        7 => "web session logged out",
        8 => "licence expired",
        9 => "KVM timeout",
        10 => "terminated by another user",
        11 => "web server restarted",
        _ => $"reason {status}",
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "KVM session on {Host} validated")]
    private static partial void LogValidated(ILogger logger, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a damaged video frame from {Host}: {Reason}")]
    private static partial void LogFrameDropped(ILogger logger, string host, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A video frame from {Host} could not be decoded: {Reason}")]
    private static partial void LogFrameUndecodable(ILogger logger, string host, string reason);
}
