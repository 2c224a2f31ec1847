using Microsoft.Extensions.Logging;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Rfb.Encodings;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>
/// A connected, initialised RFB session. A capture asks for a full update and keeps asking until every pixel has
/// been painted at least once, because servers may split the answer over several updates or dribble it.
/// A capture that fails half-way leaves the stream mid-message, so the session refuses further captures.
/// Following the screen (<see cref="NextFrameAsync"/>) keeps the framebuffer (and its reservation in the decode
/// memory budget) after the first capture and applies incremental updates to it, one request outstanding at most.
/// </summary>
internal sealed partial class RfbSession : IKvmSession
{
    private const byte FramebufferUpdateType = 0;
    private const byte SetColourMapEntriesType = 1;
    private const byte BellType = 2;
    private const byte ServerCutTextType = 3;

    private readonly Stream _stream;
    private readonly RfbOptions _options;
    private readonly string _server;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly RfbServerInit _serverInit;
    private readonly RfbDecodingContext _context;
    private readonly Dictionary<int, IRfbRectangleDecoder> _decoders;
    private readonly RfbPixelFormat _pixelFormat;
    private readonly DecodeMemoryAccount _memory;
    private readonly CancellationTokenSource _lifetime = new();

    // Every client-to-server write goes through this gate: the session's update requests and the key events
    // (RfbSession.Keyboard.cs), which may be written while a NextFrameAsync is reading; they touch nothing else.
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private IDisposable? _framebufferMemory;
    private Task<byte>? _nextMessageType;
    private bool _following;
    private bool _requestOutstanding;
    private int _busy;
    private bool _broken;

    public RfbSession(
        Stream stream, RfbReader reader, RfbServerInit serverInit, RfbOptions options, string server, ILogger logger, TimeProvider timeProvider, DecodeMemoryBudget memory)
    {
        _memory = memory.OpenAccount();
        _stream = stream;
        _serverInit = serverInit;
        _options = options;
        _server = server;
        _logger = logger;
        _timeProvider = timeProvider;
        _pixelFormat = options.KeepServerPixelFormat ? serverInit.PixelFormat : RfbPixelFormat.PreferredRgbx;
        _context = new RfbDecodingContext(reader, new RfbFramebuffer(serverInit.Width, serverInit.Height), new RfbPixelConverter(_pixelFormat), _memory);
        IRfbRectangleDecoder[] decoders =
        [
            new RawDecoder(), new CopyRectDecoder(), new HextileDecoder(), new ZrleDecoder(), new TightDecoder(options.FrameLimits),
        ];
        _decoders = decoders.ToDictionary(d => (int)d.Encoding);
    }

    /// <summary>Announces the pixel format and encodings we want; the server applies them to the updates that follow.</summary>
    public async Task ConfigureAsync(CancellationToken cancellationToken)
    {
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_pixelFormat != _serverInit.PixelFormat)
            {
                await RfbClientMessages.SendSetPixelFormatAsync(_stream, _pixelFormat, cancellationToken).ConfigureAwait(false);
            }

            await RfbClientMessages.SendSetEncodingsAsync(_stream, AnnouncedEncodings(_options), cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>The SetEncodings list: the preference, the Tight JPEG quality when Tight is wanted, then the pseudo-encodings we handle.</summary>
    internal static List<int> AnnouncedEncodings(RfbOptions options)
    {
        var encodings = options.Encodings.Distinct().Select(e => (int)e).ToList();
        if (options.JpegQuality is { } quality && options.Encodings.Contains(RfbEncoding.Tight))
        {
            encodings.Add((int)RfbEncoding.TightQualityLevel0 + Math.Clamp(quality, 0, 9));
        }

        encodings.AddRange([(int)RfbEncoding.ExtendedDesktopSize, (int)RfbEncoding.DesktopSize, (int)RfbEncoding.LastRect, (int)RfbEncoding.Cursor, (int)RfbEncoding.QemuExtendedKeyEvent]);
        return encodings;
    }

    /// <summary>A complete screen; on a session that follows the screen, the followed screen as it is.</summary>
    public Task<Frame> CaptureFrameAsync(CancellationToken cancellationToken) =>
        _following ? NextFrameAsync(TimeSpan.Zero, cancellationToken) : RunExclusiveAsync(keepFramebuffer: false, cancellationToken);

    public Task<Frame> NextFrameAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        return _following ? FollowExclusiveAsync(maxWait, cancellationToken) : RunExclusiveAsync(keepFramebuffer: true, cancellationToken);
    }

    private Task<Frame> RunExclusiveAsync(bool keepFramebuffer, CancellationToken cancellationToken) =>
        ExclusiveAsync(
            async () =>
            {
                using var deadline = new Deadline(_options.CaptureTimeout, _timeProvider, cancellationToken);
                var frame = await CaptureAsync(_timeProvider.GetTimestamp(), keepFramebuffer, deadline.Token).ConfigureAwait(false);
                _following = keepFramebuffer;
                return frame;
            },
            $"The VNC server at {_server} did not send a complete screen within {_options.CaptureTimeout.TotalSeconds:0} s.",
            "during the capture.",
            cancellationToken);

    private Task<Frame> FollowExclusiveAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
        ExclusiveAsync(
            () => FollowAsync(maxWait, cancellationToken),
            $"The VNC server at {_server} stopped in the middle of an update for more than {_options.CaptureTimeout.TotalSeconds:0} s while the screen was being followed; open a new session.",
            "while the screen was being followed; open a new session.",
            cancellationToken);

    /// <summary>Runs one capture or follow step alone on the session; any failure leaves the stream mid-message, so it poisons the session.</summary>
    private async Task<Frame> ExclusiveAsync(Func<Task<Frame>> step, string timedOut, string brokeWhile, CancellationToken cancellationToken)
    {
        Enter();
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && _memory.DescribeWait() is { } wait)
        {
            _broken = true;
            throw MemoryTimeout(wait, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _broken = true;
            throw new RfbProtocolException(timedOut, ex);
        }
        catch (Exception ex) when (ex is IOException or System.Net.WebSockets.WebSocketException)
        {
            _broken = true;
            throw new RfbProtocolException($"The connection to the VNC server at {_server} broke {brokeWhile}", ex);
        }
        catch
        {
            _broken = true;
            throw;
        }
        finally
        {
            Exit();
        }
    }

    // The host and port only: the sentence is about this machine's memory, not about the server's address.
    private RfbProtocolException MemoryTimeout(DecodeMemoryWait wait, OperationCanceledException ex) => new(
        $"The {_context.Framebuffer.Width}x{_context.Framebuffer.Height} screen of {(Uri.TryCreate(_server, UriKind.Absolute, out var address) ? address.Authority : _server)} could not be decoded within {_options.CaptureTimeout.TotalSeconds:0} s: {wait.Reason}.", ex);

    private void Enter()
    {
        ObjectDisposedException.ThrowIf(_busy < 0, this);
        if (_broken)
        {
            throw new RfbProtocolException($"The VNC connection to {_server} was left unusable by an earlier failed capture; open a new session.");
        }

        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            throw new InvalidOperationException("Only one capture at a time can run on a VNC session.");
        }
    }

    private void Exit() => Interlocked.CompareExchange(ref _busy, 0, 1);

    private async Task<Frame> CaptureAsync(long started, bool keepFramebuffer, CancellationToken cancellationToken)
    {
        var framebuffer = _context.Framebuffer;
        await AllocateFramebufferAsync(framebuffer.Width, framebuffer.Height, cancellationToken).ConfigureAwait(false);
        var updates = 0;
        var rectangles = 0;
        await RequestUpdateAsync(incremental: false, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var type = await NextMessageTypeAsync(cancellationToken).ConfigureAwait(false);
            if (await ReadMessageAsync(type, cancellationToken).ConfigureAwait(false) is not var (count, painted))
            {
                continue;
            }

            updates++;
            rectangles += count;
            if (framebuffer.IsComplete)
            {
                var elapsedMs = (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds;
                RfbLog.CaptureComplete(_logger, _server, updates, rectangles, elapsedMs);
                if (keepFramebuffer)
                {
                    return framebuffer.Snapshot();
                }

                var frame = framebuffer.ToFrame();

                // The pixels now belong to the caller: this session holds nothing until its next capture.
                ReleaseFramebufferMemory();
                return frame;
            }

            // An update of pseudo-rectangles only (TigerVNC answers every full request with its screen layout
            // first) leaves our full request pending: asking again in full would only earn another layout.
            await RequestUpdateAsync(incremental: !painted, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One step of following: an incremental request (unless one is still outstanding from an earlier call), then
    /// updates until one paints pixels on a complete screen, or until <paramref name="maxWait"/> passes with none.
    /// Silence is normal (an unchanged screen sends nothing), so only maxWait bounds it; but a message that has begun
    /// must end within <see cref="RfbOptions.CaptureTimeout"/>, or the server is broken.
    /// </summary>
    private async Task<Frame> FollowAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var framebuffer = _context.Framebuffer;
        using var wait = new Deadline(maxWait, _timeProvider, cancellationToken);
        if (!_requestOutstanding)
        {
            await RequestUpdateAsync(incremental: framebuffer.IsComplete, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            byte type;
            try
            {
                type = await NextMessageTypeAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (wait.Expired && !cancellationToken.IsCancellationRequested)
            {
                // No message in flight: the stream is whole, the request stays outstanding for the next call.
                return framebuffer.Snapshot();
            }

            using var message = new Deadline(_options.CaptureTimeout, _timeProvider, cancellationToken);
            if (await ReadMessageAsync(type, message.Token).ConfigureAwait(false) is not var (_, painted))
            {
                continue;
            }

            if (painted && framebuffer.IsComplete)
            {
                return framebuffer.Snapshot();
            }

            // Nothing painted (a cursor, an empty answer), or a resize left the screen to be painted anew.
            await RequestUpdateAsync(incremental: framebuffer.IsComplete, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for the first byte of the next server message. This read is the only one left pending when a caller
    /// stops waiting (a follow's maxWait, a capture's deadline): until it completes no message is in flight, so the
    /// stream stays whole and the next call takes the same read over. It runs on the session's lifetime, never on a
    /// call's token, because cancelling a read would break the stream.
    /// </summary>
    private async Task<byte> NextMessageTypeAsync(CancellationToken cancellationToken)
    {
        _nextMessageType ??= _context.Reader.ReadU8Async(_lifetime.Token).AsTask();
        byte type;
        try
        {
            type = await _nextMessageType.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RfbProtocolException ex) when (_nextMessageType.IsFaulted)
        {
            throw new RfbProtocolException($"The VNC server at {_server} closed the connection.", ex);
        }

        _nextMessageType = null;
        return type;
    }

    /// <returns>For a FramebufferUpdate, the number of rectangles and whether any carried pixels; null for other messages.</returns>
    private async Task<(int Count, bool Painted)?> ReadMessageAsync(byte type, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case FramebufferUpdateType:
                _requestOutstanding = false;
                return await ReadFramebufferUpdateAsync(cancellationToken).ConfigureAwait(false);
            case SetColourMapEntriesType:
                await ReadColourMapAsync(cancellationToken).ConfigureAwait(false);
                return null;
            case BellType:
                return null;
            case ServerCutTextType:
                await SkipCutTextAsync(cancellationToken).ConfigureAwait(false);
                return null;
            default:
                throw new RfbProtocolException($"The VNC server at {_server} sent message type {type}, which this client never asked for.");
        }
    }

    /// <summary>Clipboard text is never used, but it is bounded like every other text the server sends.</summary>
    private async Task SkipCutTextAsync(CancellationToken cancellationToken)
    {
        var reader = _context.Reader;
        await reader.SkipAsync(3, cancellationToken).ConfigureAwait(false);
        var length = await reader.ReadU32Async(cancellationToken).ConfigureAwait(false);
        if (length > (uint)_options.MaxMessageLength)
        {
            throw new RfbProtocolException(
                $"The VNC server at {_server} sent {length} bytes of clipboard (cut) text, more than the {_options.MaxMessageLength} accepted.");
        }

        await reader.SkipAsync(length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reserves the screen's bytes in the process-wide budget (waiting while other captures hold it), then
    /// allocates. The previous reservation is given back first, so a capture never holds two.
    /// </summary>
    private async Task AllocateFramebufferAsync(int width, int height, CancellationToken cancellationToken)
    {
        ReleaseFramebufferMemory();
        _framebufferMemory = await _memory.ReserveAsync(RfbFramebuffer.BytesFor(width, height), cancellationToken).ConfigureAwait(false);
        _context.Framebuffer.Resize(width, height);
    }

    private void ReleaseFramebufferMemory()
    {
        _framebufferMemory?.Dispose();
        _framebufferMemory = null;
    }

    private async Task RequestUpdateAsync(bool incremental, CancellationToken cancellationToken)
    {
        var framebuffer = _context.Framebuffer;
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _requestOutstanding = true;
            await RfbClientMessages.SendFramebufferUpdateRequestAsync(_stream, incremental, framebuffer.Width, framebuffer.Height, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <returns>The number of rectangles read, and whether any of them carried pixels.</returns>
    private async Task<(int Count, bool Painted)> ReadFramebufferUpdateAsync(CancellationToken cancellationToken)
    {
        var painted = false;
        var reader = _context.Reader;
        var framebuffer = _context.Framebuffer;
        await reader.SkipAsync(1, cancellationToken).ConfigureAwait(false);
        var count = await reader.ReadU16Async(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < count; i++)
        {
            var rectangle = new RfbRectangle(
                await reader.ReadU16Async(cancellationToken).ConfigureAwait(false),
                await reader.ReadU16Async(cancellationToken).ConfigureAwait(false),
                await reader.ReadU16Async(cancellationToken).ConfigureAwait(false),
                await reader.ReadU16Async(cancellationToken).ConfigureAwait(false),
                await reader.ReadS32Async(cancellationToken).ConfigureAwait(false));
            RfbLog.Rectangle(_logger, _server, rectangle.X, rectangle.Y, rectangle.Width, rectangle.Height, rectangle.Encoding);
            switch ((RfbEncoding)rectangle.Encoding)
            {
                case RfbEncoding.LastRect:
                    return (i + 1, painted);
                case RfbEncoding.DesktopSize:
                    await ResizeAsync(rectangle.Width, rectangle.Height, cancellationToken).ConfigureAwait(false);
                    continue;
                case RfbEncoding.ExtendedDesktopSize:
                    await ReadExtendedDesktopSizeAsync(rectangle, cancellationToken).ConfigureAwait(false);
                    continue;
                case RfbEncoding.QemuExtendedKeyEvent:
                    TakesKeyPositions();
                    continue;
                case RfbEncoding.Cursor:
                    // Pixels of the pointer image, then its 1-bit mask; never painted into the screen.
                    var maskLength = ((rectangle.Width + 7) / 8) * (long)rectangle.Height;
                    await reader.SkipAsync((rectangle.PixelCount * _context.Converter.BytesPerPixel) + maskLength, cancellationToken).ConfigureAwait(false);
                    continue;
            }

            if (!_decoders.TryGetValue(rectangle.Encoding, out var decoder))
            {
                throw new RfbProtocolException($"The VNC server at {_server} sent encoding {rectangle.Encoding}, which this client never asked for.");
            }

            framebuffer.EnsureInside(rectangle.X, rectangle.Y, rectangle.Width, rectangle.Height);
            await decoder.DecodeAsync(rectangle, _context, cancellationToken).ConfigureAwait(false);
            framebuffer.MarkPainted(rectangle.X, rectangle.Y, rectangle.Width, rectangle.Height);
            painted = true;
        }

        return (count, painted);
    }

    private async Task ReadExtendedDesktopSizeAsync(RfbRectangle rectangle, CancellationToken cancellationToken)
    {
        var reader = _context.Reader;
        var screens = await reader.ReadU8Async(cancellationToken).ConfigureAwait(false);
        await reader.SkipAsync(3 + (16L * screens), cancellationToken).ConfigureAwait(false);

        // y carries the status; non-zero answers a resize request of ours, and we never make one.
        if (rectangle.Y == 0)
        {
            await ResizeAsync(rectangle.Width, rectangle.Height, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ResizeAsync(int width, int height, CancellationToken cancellationToken)
    {
        var framebuffer = _context.Framebuffer;
        if (width == framebuffer.Width && height == framebuffer.Height)
        {
            return;
        }

        if (!_options.FrameLimits.Allows(width, height))
        {
            throw new RfbProtocolException(
                $"The VNC server at {_server} resized its screen to {width}x{height}, outside the supported 1x1 to {_options.FrameLimits.MaxWidth}x{_options.FrameLimits.MaxHeight}.");
        }

        RfbLog.Resized(_logger, _server, width, height);
        await AllocateFramebufferAsync(width, height, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReadColourMapAsync(CancellationToken cancellationToken)
    {
        var reader = _context.Reader;
        await reader.SkipAsync(1, cancellationToken).ConfigureAwait(false);
        var first = await reader.ReadU16Async(cancellationToken).ConfigureAwait(false);
        var count = await reader.ReadU16Async(cancellationToken).ConfigureAwait(false);

        // A server that sends a colour map ignored our SetPixelFormat: its pixels are indices in its own format.
        if (_context.Converter.Format.TrueColour && !_serverInit.PixelFormat.TrueColour)
        {
            RfbLog.ColourMapFallback(_logger, _server, _serverInit.PixelFormat.BitsPerPixel);
            _context.Converter = new RfbPixelConverter(_serverInit.PixelFormat);
        }

        for (var i = 0; i < count; i++)
        {
            var entry = await reader.ReadBlockAsync(6, cancellationToken).ConfigureAwait(false);
            var span = entry.Span;
            _context.Converter.SetColourMapEntry(
                first + i,
                System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(span),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(span[2..]),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(span[4..]));
        }
    }

    public async ValueTask DisposeAsync()
    {
        var busy = Interlocked.Exchange(ref _busy, -1);
        if (busy == -1)
        {
            return;
        }

        if (busy == 0)
        {
            await DrainBeforeCloseAsync().ConfigureAwait(false);
        }

        foreach (var decoder in _decoders.Values.OfType<IDisposable>())
        {
            decoder.Dispose();
        }

        ReleaseFramebufferMemory();
        await _lifetime.CancelAsync().ConfigureAwait(false);
        _ = _nextMessageType?.ContinueWith(static t => t.Exception, TaskScheduler.Default);

        try
        {
            // RFB has no goodbye message: closing the transport (a WebSocket close frame, a TCP FIN) is the polite end.
            // After typing, the transport was half-closed and drained first (RfbSession.Closing.cs).
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or System.Net.WebSockets.WebSocketException or OperationCanceledException)
        {
            RfbLog.CloseFailed(_logger, _server, ex);
        }

        _lifetime.Dispose();
    }
}
