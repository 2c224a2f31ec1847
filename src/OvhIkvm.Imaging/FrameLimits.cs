namespace OvhIkvm.Imaging;

/// <summary>
/// The largest screen any decoder or session will allocate for. Every width and height read from the wire
/// is checked against it before a buffer is allocated, so a hostile peer cannot make us allocate gigabytes.
/// </summary>
public sealed record FrameLimits(int MaxWidth, int MaxHeight)
{
    /// <summary>8192x8192: larger than any BMC or VNC console, small enough to allocate (256 MiB RGBA).</summary>
    public static FrameLimits Default { get; } = new(8192, 8192);

    public bool Allows(int width, int height) => width > 0 && height > 0 && width <= MaxWidth && height <= MaxHeight;

    public void EnsureWithin(int width, int height)
    {
        if (!Allows(width, height))
        {
            throw new ImageDecodeException(
                $"image dimensions {width}x{height} are outside the allowed range 1x1 to {MaxWidth}x{MaxHeight}");
        }
    }
}
