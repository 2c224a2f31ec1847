using System.Buffers.Binary;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Ami.Video;

/// <summary>
/// Rebuilds compressed frames from CMD_VIDEO_PACKETS payloads. Each payload starts with a u16 fragment number
/// (index in bits 0-14, bit 15 may flag the last fragment); fragment 0 carries the 86-byte frame header. A frame is
/// complete when the collected data reaches the header's CompressSize. Damage (a gap, an overrun, a bad header)
/// drops the frame in progress and waits for the next fragment 0, because a later full frame repairs everything.
/// The buffer grows with the fragments received, never to the announced CompressSize before its bytes exist, and
/// each size is reserved in the capture's decode budget before it is allocated. A returned frame keeps its
/// reservation until <see cref="ReleaseFrame"/> (the decoder is done with it) or the next frame completes.
/// </summary>
internal sealed class VideoFragmentAssembler(VideoLimits limits, DecodeMemoryAccount memory) : IDisposable
{
    private const int FragmentNumberSize = 2;
    private const int IndexMask = 0x7FFF;
    private const int InitialLength = 4096;

    private VideoFrameHeader? _header;
    private ReservedBuffer _data = new(memory);
    private ReservedBuffer _frame = new(memory);
    private int _received;
    private int _nextIndex;

    /// <summary>Why the last frame was dropped, for the error raised when no frame ever completes.</summary>
    public string? LastError { get; private set; }

    /// <summary>Frames dropped because of damage since this assembler was created.</summary>
    public int DroppedFrames { get; private set; }

    /// <summary>True while a frame has started and is not yet complete.</summary>
    public bool InProgress => _header is not null;

    /// <summary>Feeds one CMD_VIDEO_PACKETS payload; returns a frame when this fragment completed it.</summary>
    /// <exception cref="OperationCanceledException">The token fired while waiting for the budget to grow the frame.</exception>
    public ValueTask<CompressedVideoFrame?> AddAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.Length < FragmentNumberSize)
        {
            return ValueTask.FromResult(Drop("a video packet is too short to hold a fragment number"));
        }

        var index = BinaryPrimitives.ReadUInt16LittleEndian(payload.Span) & IndexMask;
        var body = payload[FragmentNumberSize..];

        // Fragment 0 starts a frame. Be liberal: a firmware that never numbers its fragments sends 0 every time,
        // so a 0 whose bytes are not a plausible header continues the frame in progress.
        if (index == 0 && (_header is null || LooksLikeHeader(body.Span)))
        {
            return Start(body, cancellationToken);
        }

        if (_header is null)
        {
            // The middle of a frame whose start we missed (or dropped): wait for the next fragment 0.
            return ValueTask.FromResult<CompressedVideoFrame?>(null);
        }

        if (index != 0 && index != _nextIndex)
        {
            return ValueTask.FromResult(Drop($"video fragment {index} arrived where fragment {_nextIndex} was expected"));
        }

        _nextIndex = index + 1;
        return AppendAsync(body, cancellationToken);
    }

    /// <summary>The decoder is done with the frame last returned: give its buffer's reservation back.</summary>
    public void ReleaseFrame() => _frame.Release();

    public void Dispose()
    {
        _data.Dispose();
        _frame.Dispose();
    }

    private static bool LooksLikeHeader(ReadOnlySpan<byte> body) =>
        body.Length >= VideoFrameHeader.StandardLength
        && BinaryPrimitives.ReadUInt16LittleEndian(body[2..]) == VideoFrameHeader.StandardLength;

    private ValueTask<CompressedVideoFrame?> Start(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (_header is not null)
        {
            // A restart abandons the frame in progress; that is the BMC's right, not damage.
            Reset();
        }

        var header = VideoFrameHeader.TryParse(body.Span, limits, out var error);
        if (header is null)
        {
            return ValueTask.FromResult(Drop(error!));
        }

        _header = header;
        _received = 0;
        _nextIndex = 1;
        return AppendAsync(body[header.HeaderLength..], cancellationToken);
    }

    private async ValueTask<CompressedVideoFrame?> AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var header = _header!;
        var missing = (int)header.CompressSize - _received;
        if (data.Length > missing)
        {
            // Bytes past CompressSize are tolerated only as zero padding; anything else means the sizes disagree.
            if (data.Span[missing..].ContainsAnyExcept((byte)0))
            {
                return Drop($"a video fragment carries data past the announced {header.CompressSize} bytes");
            }

            data = data[..missing];
        }

        var needed = _received + data.Length;
        if (_data.Bytes.Length < needed)
        {
            // Doubling keeps the copies linear; the announced size only caps the growth.
            var size = (int)Math.Min(header.CompressSize, Math.Max(needed, Math.Max(InitialLength, _data.Bytes.Length * 2L)));
            await _data.ResizeAsync(size, 0, _received, cancellationToken).ConfigureAwait(false);
        }

        data.Span.CopyTo(_data.Bytes.AsSpan(_received));
        _received += data.Length;
        if (_received < header.CompressSize)
        {
            return null;
        }

        // The buffer and its reservation go with the frame; the next frame gets its own.
        var frame = new CompressedVideoFrame(header, _data.Bytes.AsMemory(0, _received));
        _frame.Release();
        (_data, _frame) = (_frame, _data);
        Reset();
        return frame;
    }

    private CompressedVideoFrame? Drop(string reason)
    {
        LastError = reason;
        DroppedFrames++;
        Reset();
        return null;
    }

    private void Reset()
    {
        // A frame abandoned or dropped gives its partial buffer back at once.
        _data.Release();
        _header = null;
        _received = 0;
        _nextIndex = 0;
    }
}
