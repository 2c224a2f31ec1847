using OvhIkvm.Imaging;

namespace OvhIkvm.Kvm.Ami.Video;

/// <summary>Bounds applied to every size the BMC announces in its video stream, before anything is allocated.</summary>
/// <param name="Frame">The largest screen accepted.</param>
/// <param name="MaxCompressedBytes">The largest compressed frame accepted, whatever the screen size.</param>
internal sealed record VideoLimits(FrameLimits Frame, int MaxCompressedBytes)
{
    /// <summary>16 MiB: see <see cref="AmiSessionOptions.MaxCompressedFrameBytes"/>.</summary>
    public const int DefaultMaxCompressedBytes = 16 * 1024 * 1024;

    public static VideoLimits Default { get; } = new(FrameLimits.Default, DefaultMaxCompressedBytes);

    /// <summary>
    /// A compressed frame never needs more than a few bytes per pixel (the worst DCT block costs well under 8 bytes
    /// per pixel), so a larger CompressSize is a lie or corruption, however high <see cref="MaxCompressedBytes"/> is.
    /// </summary>
    public uint MaxCompressedBytesFor(int width, int height) =>
        (uint)Math.Min(MaxCompressedBytes, (8L * width * height) + 4096);
}
