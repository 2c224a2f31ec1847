using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Aspeed;
using OvhIkvm.Imaging.Jpeg;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Ami.Video;

/// <summary>
/// Sends AMI video to the right codec: the ASPEED decoder for the video engine's own bitstream, the JPEG decoder
/// for a complete JFIF (FF D8 FF ...), which some engines emit instead. SOI is tested first because a JFIF's first
/// word read as an ASPEED block code is also valid. What a screen costs is reserved in the process-wide budget
/// before the codec allocates it.
/// </summary>
internal sealed class AspeedVideoFrameDecoder(FrameLimits limits, DecodeMemoryBudget memory) : IVideoFrameDecoder
{
    // A JPEG decode holds the output frame plus its component planes and upsampling rows: about twice the frame.
    private const int JpegBytesPerPixel = 2 * Frame.BytesPerPixel;

    private readonly AspeedDecoder _aspeed = new(limits);
    private Frame? _jpegFrame;
    private IDisposable? _reservation;
    private long _reserved;

    public DecodeMemoryAccount Memory { get; } = memory.OpenAccount();

    public bool IsComplete => _jpegFrame is not null || _aspeed.IsComplete;

    public async ValueTask DecodeAsync(CompressedVideoFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var header = frame.Header;
        var isJpeg = frame.Data.Span is [0xFF, 0xD8, 0xFF, ..];
        await ReserveAsync(
            isJpeg ? (long)header.Width * header.Height * JpegBytesPerPixel : AspeedDecoder.MemoryFor(header.Width, header.Height, header.Mode420),
            cancellationToken).ConfigureAwait(false);
        if (isJpeg)
        {
            _jpegFrame = JpegDecoder.Decode(frame.Data.Span, limits);
            return;
        }

        _jpegFrame = null;
        _aspeed.Decode(
            new AspeedFrameParameters(
                header.Width,
                header.Height,
                header.Mode420,
                header.TableSelector,
                header.ChromaUsesLumaTables,
                header.AdvanceTableSelector,
                header.Rc4Encrypted),
            frame.Data.Span);
    }

    public Frame ToFrame()
    {
        var frame = _jpegFrame ?? _aspeed.TakeFrame();
        _jpegFrame = null;
        Release();
        return frame;
    }

    /// <summary>The screen for a caller without a copy: a JPEG frame is replaced, never painted on, by the next one; the ASPEED decoder copies on write.</summary>
    public Frame Snapshot() => _jpegFrame ?? _aspeed.ToFrame();

    public void Dispose() => Release();

    /// <summary>Keeps one reservation sized for the current screen; a new size gives the old one back before waiting.</summary>
    private async ValueTask ReserveAsync(long bytes, CancellationToken cancellationToken)
    {
        if (_reservation is not null && bytes <= _reserved)
        {
            return;
        }

        Release();
        _reservation = await Memory.ReserveAsync(bytes, cancellationToken).ConfigureAwait(false);
        _reserved = bytes;
    }

    private void Release()
    {
        _reservation?.Dispose();
        _reservation = null;
        _reserved = 0;
    }
}
