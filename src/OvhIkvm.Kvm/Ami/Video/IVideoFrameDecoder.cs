using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Ami.Video;

/// <summary>
/// Paints reassembled frames into a persistent screen. A seam between the IVTP session and the codecs, so that
/// protocol tests can see exactly what reached the decoder. Disposing it gives back the memory it reserved.
/// </summary>
internal interface IVideoFrameDecoder : IDisposable
{
    /// <summary>The capture's account in the decode budget: the screen, and the packet and frame buffers the capture fills for it.</summary>
    DecodeMemoryAccount Memory { get; }

    /// <summary>True once every block of the current screen has been painted at least once.</summary>
    bool IsComplete { get; }

    /// <summary>Paints one frame; may wait for the process-wide decode memory budget when the screen size changes.</summary>
    /// <exception cref="ImageDecodeException">The frame is corrupt or uses an unsupported feature.</exception>
    ValueTask DecodeAsync(CompressedVideoFrame frame, CancellationToken cancellationToken);

    /// <summary>Hands over the current screen; the decoder starts over from a black screen afterwards.</summary>
    Frame ToFrame();

    /// <summary>A copy of the current screen; the decoder keeps painting into its own, for a session that follows the screen.</summary>
    Frame Snapshot();
}
