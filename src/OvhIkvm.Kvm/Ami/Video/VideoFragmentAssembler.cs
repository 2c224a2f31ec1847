using System.Buffers.Binary;

namespace OvhIkvm.Kvm.Ami.Video;

/// <summary>
/// Rebuilds compressed frames from CMD_VIDEO_PACKETS payloads. Each payload starts with a u16 fragment number
/// (index in bits 0-14, bit 15 may flag the last fragment); fragment 0 carries the 86-byte frame header. A frame is
/// complete when the collected data reaches the header's CompressSize. Damage (a gap, an overrun, a bad header)
/// drops the frame in progress and waits for the next fragment 0, because a later full frame repairs everything.
/// The buffer grows with the fragments received, never to the announced CompressSize before its bytes exist.
/// </summary>
internal sealed class VideoFragmentAssembler(VideoLimits limits)
{
    private const int FragmentNumberSize = 2;
    private const int IndexMask = 0x7FFF;

    private VideoFrameHeader? _header;
    private byte[] _data = [];
    private int _received;
    private int _nextIndex;

    /// <summary>Why the last frame was dropped, for the error raised when no frame ever completes.</summary>
    public string? LastError { get; private set; }

    /// <summary>Frames dropped because of damage since this assembler was created.</summary>
    public int DroppedFrames { get; private set; }

    /// <summary>True while a frame has started and is not yet complete.</summary>
    public bool InProgress => _header is not null;

    /// <summary>Feeds one CMD_VIDEO_PACKETS payload; returns a frame when this fragment completed it.</summary>
    public CompressedVideoFrame? Add(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < FragmentNumberSize)
        {
            return Drop("a video packet is too short to hold a fragment number");
        }

        var index = BinaryPrimitives.ReadUInt16LittleEndian(payload) & IndexMask;
        var body = payload[FragmentNumberSize..];

        // Fragment 0 starts a frame. Be liberal: a firmware that never numbers its fragments sends 0 every time,
        // so a 0 whose bytes are not a plausible header continues the frame in progress.
        if (index == 0 && (_header is null || LooksLikeHeader(body)))
        {
            return Start(body);
        }

        if (_header is null)
        {
            // The middle of a frame whose start we missed (or dropped): wait for the next fragment 0.
            return null;
        }

        if (index != 0 && index != _nextIndex)
        {
            return Drop($"video fragment {index} arrived where fragment {_nextIndex} was expected");
        }

        _nextIndex = index + 1;
        return Append(body);
    }

    private static bool LooksLikeHeader(ReadOnlySpan<byte> body) =>
        body.Length >= VideoFrameHeader.StandardLength
        && BinaryPrimitives.ReadUInt16LittleEndian(body[2..]) == VideoFrameHeader.StandardLength;

    private CompressedVideoFrame? Start(ReadOnlySpan<byte> body)
    {
        if (_header is not null)
        {
            // A restart abandons the frame in progress; that is the BMC's right, not damage.
            Reset();
        }

        var header = VideoFrameHeader.TryParse(body, limits, out var error);
        if (header is null)
        {
            return Drop(error!);
        }

        _header = header;
        _received = 0;
        _nextIndex = 1;
        return Append(body[header.HeaderLength..]);
    }

    private CompressedVideoFrame? Append(ReadOnlySpan<byte> data)
    {
        var header = _header!;
        var missing = (int)header.CompressSize - _received;
        if (data.Length > missing)
        {
            // Bytes past CompressSize are tolerated only as zero padding; anything else means the sizes disagree.
            if (data[missing..].ContainsAnyExcept((byte)0))
            {
                return Drop($"a video fragment carries data past the announced {header.CompressSize} bytes");
            }

            data = data[..missing];
        }

        EnsureCapacity(_received + data.Length, header.CompressSize);
        data.CopyTo(_data.AsSpan(_received));
        _received += data.Length;
        if (_received < header.CompressSize)
        {
            return null;
        }

        // The buffer goes with the frame; the next frame gets its own.
        var frame = new CompressedVideoFrame(header, _data.AsMemory(0, _received));
        _data = [];
        Reset();
        return frame;
    }

    private void EnsureCapacity(int needed, uint compressSize)
    {
        if (_data.Length >= needed)
        {
            return;
        }

        // Doubling keeps the copies linear; the announced size only caps the growth.
        var size = (int)Math.Min(compressSize, Math.Max(needed, Math.Max(4096L, _data.Length * 2L)));
        Array.Resize(ref _data, size);
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
        _header = null;
        _received = 0;
        _nextIndex = 0;
    }
}
