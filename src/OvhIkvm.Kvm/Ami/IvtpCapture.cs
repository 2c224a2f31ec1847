using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Ami.Ivtp;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Ami;

/// <summary>
/// One IVTP conversation on an open KVM socket, from CONNECTION_ALLOWED to a screen whose every block has been
/// painted. It is single-threaded: one loop waits for either the next bytes or the next tick, so keep-alives and
/// "ask again" requests never race with the packet handling. What the client sends on its own (keep-alives, the
/// full-screen retry) runs on the tick, never in answer to the BMC, so a chatty or hostile BMC cannot make it send
/// more, nor starve it by sending without pause.
/// </summary>
internal sealed partial class IvtpCapture(
    IvtpSocket socket,
    IVideoFrameDecoder decoder,
    AmiSessionOptions options,
    VideoLimits limits,
    TimeProvider time,
    ILogger logger,
    string host)
{
    private static readonly byte[] ResumeAndFullScreen = IvtpPacket.Encode(
        IvtpPacket.Empty(IvtpCommand.ResumeRedirection),
        IvtpPacket.Empty(IvtpCommand.GetFullScreen));

    private static readonly byte[] KeepAlive = IvtpPacket.Encode(IvtpPacket.Empty(IvtpCommand.KeepAlive));

    private readonly IvtpPacketReader _reader = new(IvtpPacket.HeaderSize + VideoFrameHeader.StandardLength + limits.MaxCompressedBytes);
    private readonly VideoFragmentAssembler _assembler = new(limits);

    private Phase _phase = Phase.AwaitingConnectionAllowed;
    private long _lastKeepAlive;
    private long _lastFullScreenRequest;
    private bool _fullScreenRequested;
    private bool _blankScreen;
    private int _corruptFrames;
    private int _framesDecoded;
    private int _droppedFramesSeen;
    private string? _lastDecodeError;
    private bool _stopAtValidation;
    private Task<bool>? _pendingReceive;

    private enum Phase
    {
        AwaitingConnectionAllowed,
        AwaitingValidation,
        Validated,
    }

    /// <summary>Runs the conversation. Returns the screen, or the BMC's validation result code when it refused the session.</summary>
    /// <exception cref="ConsoleException">The BMC refused, broke the protocol, closed, or stalled.</exception>
    public async Task<IvtpCaptureResult> RunAsync(byte[] validationPayload, CancellationToken cancellationToken)
    {
        var validationDeadline = time.GetTimestamp() + (long)(options.ValidationTimeout.TotalSeconds * time.TimestampFrequency);
        using var ticker = new PeriodicTimer(TickInterval(), time);
        Task<bool>? receive = null;
        Task<bool>? tick = null;
        try
        {
            while (true)
            {
                receive ??= socket.ReceiveAsync(_reader, cancellationToken);
                tick ??= ticker.WaitForNextTickAsync(cancellationToken).AsTask();

                // The tick goes first: when both are ready, WhenAny picks the earlier task in the list, and a BMC that
                // never stops sending keeps the receive ready forever.
                var finished = await Task.WhenAny(tick, receive).ConfigureAwait(false);
                if (finished == tick)
                {
                    tick = null;
                    await OnTickAsync(validationDeadline, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                receive = null;
                if (!await finished.ConfigureAwait(false))
                {
                    throw new ConsoleException(DescribeClosed());
                }

                while (_reader.TryRead(out var packet))
                {
                    var result = await OnPacketAsync(packet, validationPayload, cancellationToken).ConfigureAwait(false);
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
        finally
        {
            // Observe the loop's pending tasks so that a cancelled receive never surfaces as an unobserved exception.
            _pendingReceive = receive;
            _ = receive?.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            _ = tick?.ContinueWith(static t => t.Exception, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Runs the conversation only until the BMC accepts the session, leaving the socket open for the caller (to
    /// send keys); the result is <see cref="IvtpCaptureResult.Validated"/> or the refusal.
    /// </summary>
    public Task<IvtpCaptureResult> ValidateAsync(byte[] validationPayload, CancellationToken cancellationToken)
    {
        _stopAtValidation = true;
        return RunAsync(validationPayload, cancellationToken);
    }

    /// <summary>
    /// After <see cref="ValidateAsync"/>: reads and drops whatever the BMC sends until it closes the connection (or
    /// the socket is disposed). A client that closes with unread bytes resets the TCP connection, and a reset makes
    /// the BMC's stack drop what it had received but not yet read: the last key release and the goodbye with it.
    /// </summary>
    public async Task DrainAsync()
    {
        try
        {
            if (_pendingReceive is { } pending && !await pending.ConfigureAwait(false))
            {
                return;
            }

            while (await socket.ReceiveAsync(_reader, CancellationToken.None).ConfigureAwait(false))
            {
                while (_reader.TryRead(out _))
                {
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IvtpProtocolException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ended: nothing left to read.
        }
    }

    /// <summary>What the capture had seen when it gave up, to append to a timeout or close message.</summary>
    public string DescribeProgress() => _phase switch
    {
        Phase.AwaitingConnectionAllowed => $"the BMC at {host} never offered the KVM session",
        Phase.AwaitingValidation => $"the BMC at {host} never answered the session validation",
        _ when _blankScreen => $"the console at {host} shows no picture (no video signal, or the server is powered off)",
        _ when _assembler.InProgress => $"the video stream from {host} stalled in the middle of a frame",
        _ when _framesDecoded > 0 => $"the screen at {host} was still not completely painted after {_framesDecoded} frames",
        _ => $"the BMC at {host} sent no video",
    };

    private string DescribeClosed() => _phase == Phase.Validated
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
            if (now >= validationDeadline)
            {
                throw new ConsoleException(
                    $"The BMC at {host} did not accept the KVM session within {StepTimeout.Seconds(options.ValidationTimeout)} ({DescribeProgress()}); retry, or reset the BMC's sessions.");
            }

            return;
        }

        if (time.GetElapsedTime(_lastKeepAlive, now) >= options.KeepAliveInterval)
        {
            _lastKeepAlive = now;
            await SendAsync(KeepAlive, cancellationToken).ConfigureAwait(false);
        }

        // No video since the last request (first request, a dropped frame, a BMC that waits to be asked): ask again.
        if (!_assembler.InProgress && time.GetElapsedTime(_lastFullScreenRequest, now) >= options.FullScreenRetryInterval)
        {
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
                if (_stopAtValidation)
                {
                    return IvtpCaptureResult.Validated;
                }

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
                if (packet.Status == 0 && _blankScreen)
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
        var frame = _assembler.Add(payload.Span);
        if (_assembler.DroppedFrames != _droppedFramesSeen)
        {
            _droppedFramesSeen = _assembler.DroppedFrames;
            LogFrameDropped(logger, host, _assembler.LastError);
            if (_droppedFramesSeen > options.MaxCorruptFrames)
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

        if (decoder.IsComplete)
        {
            return IvtpCaptureResult.Captured(decoder.ToFrame());
        }

        // Part of the screen is still unpainted: ask for a full screen again.
        await RequestFullScreenAsync(cancellationToken).ConfigureAwait(false);
        return null;
    }

    private Task RequestFullScreenAsync(CancellationToken cancellationToken)
    {
        _fullScreenRequested = true;
        _lastFullScreenRequest = time.GetTimestamp();
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
