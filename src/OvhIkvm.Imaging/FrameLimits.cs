namespace OvhIkvm.Imaging;

/// <summary>
/// The largest screen any decoder or session will allocate for. Every width and height read from the wire
/// is checked against it before a buffer is allocated, so a hostile peer cannot make us allocate gigabytes.
/// </summary>
public sealed record FrameLimits(int MaxWidth, int MaxHeight)
{
    /// <summary>
    /// 4096x2160 (DCI 4K, 8.8 megapixels, 34 MiB per RGBA copy). It holds every real console: BMC video engines
    /// capture at most 1920x1200 (ASPEED AST2400 to AST2600, Nuvoton NPCM7xx), VGA text is 720x400, and VNC desktops
    /// up to 4K UHD (3840x2160) fit. Larger desktops (5K, 8K, several monitors) would reach a vision model at a
    /// third of their size or less, where console text is unreadable anyway, while every pixel allowed here is
    /// memory a hostile peer can make us spend for a few bytes on the wire. Raise it through the options
    /// (<c>RfbOptions.FrameLimits</c>, or a <see cref="FrameLimits"/> registered before the KVM services) for such desktops.
    /// </summary>
    public static FrameLimits Default { get; } = new(4096, 2160);

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
