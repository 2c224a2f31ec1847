using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Aspeed;
using OvhIkvm.Imaging.Jpeg;

namespace OvhIkvm.Kvm.Ami.Video;

/// <summary>
/// Sends AMI video to the right codec: the ASPEED decoder for the video engine's own bitstream, the JPEG decoder
/// for a complete JFIF (FF D8 FF ...), which some engines emit instead. SOI is tested first because a JFIF's first
/// word read as an ASPEED block code is also valid.
/// </summary>
internal sealed class AspeedVideoFrameDecoder(FrameLimits limits) : IVideoFrameDecoder
{
    private readonly AspeedDecoder _aspeed = new(limits);
    private Frame? _jpegFrame;

    public bool IsComplete => _jpegFrame is not null || _aspeed.IsComplete;

    public void Decode(CompressedVideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var data = frame.Data.Span;
        if (data is [0xFF, 0xD8, 0xFF, ..])
        {
            _jpegFrame = JpegDecoder.Decode(data, limits);
            return;
        }

        var header = frame.Header;
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
            data);
    }

    public Frame ToFrame() => _jpegFrame ?? _aspeed.ToFrame();
}
