using OvhIkvm.Imaging;

namespace OvhIkvm.Kvm.Ami.Video;

/// <summary>
/// Paints reassembled frames into a persistent screen. A seam between the IVTP session and the codecs, so that
/// protocol tests can see exactly what reached the decoder.
/// </summary>
internal interface IVideoFrameDecoder
{
    /// <summary>True once every block of the current screen has been painted at least once.</summary>
    bool IsComplete { get; }

    /// <exception cref="ImageDecodeException">The frame is corrupt or uses an unsupported feature.</exception>
    void Decode(CompressedVideoFrame frame);

    /// <summary>A copy of the current screen.</summary>
    Frame ToFrame();
}
