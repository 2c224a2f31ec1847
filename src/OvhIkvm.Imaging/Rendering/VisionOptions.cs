namespace OvhIkvm.Imaging.Rendering;

/// <summary>
/// How a screenshot is shaped for a vision model: the upscale that keeps small console glyphs legible, and the
/// budget that keeps the result inside what MCP clients accept (Claude Desktop rejects tool results over 1 MB;
/// Anthropic's models downscale anything with a long edge above 1568 px anyway).
/// </summary>
/// <param name="UpscaleFactor">Integer enlargement applied when it fits the budget (nearest neighbour, so glyph
/// edges stay sharp). 1 disables upscaling.</param>
/// <param name="MaxLongEdge">Largest width or height of the output, in pixels.</param>
/// <param name="MaxPngBytes">Largest PNG file; greyscale, then smaller scales, are tried until it fits.</param>
/// <param name="CompressionLevel">zlib level for the PNG, 0..9. 6 rather than the encoder's default 9: this runs
/// on every screenshot, and on console screens level 9 costs several times the time for a few percent of bytes.</param>
/// <param name="LiftBrightness">Stretch dark consoles to the full range (never darkens).</param>
/// <param name="MaxBrightnessGain">Cap on that stretch, so a nearly black screen does not become amplified noise.</param>
public sealed record VisionOptions(
    int UpscaleFactor = 2,
    int MaxLongEdge = 1568,
    int MaxPngBytes = 1_000_000,
    int CompressionLevel = VisionOptions.DefaultCompressionLevel,
    bool LiftBrightness = true,
    double MaxBrightnessGain = 4.0)
{
    /// <summary>Smallest byte budget accepted: below it even a thumbnail's PNG headers would not fit reliably.</summary>
    public const int MinPngBytes = 4096;

    public const int DefaultCompressionLevel = 6;

    /// <summary>Smallest long edge accepted: below it no console text is readable.</summary>
    public const int MinLongEdge = 64;

    /// <summary>At most this share of pixels may clip to white when the brightness is lifted.</summary>
    public const double BrightnessClipFraction = 0.005;

    public static VisionOptions Default { get; } = new();

    /// <exception cref="ArgumentOutOfRangeException">A value is outside its documented range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(UpscaleFactor, 1, nameof(UpscaleFactor));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(UpscaleFactor, 8, nameof(UpscaleFactor));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLongEdge, MinLongEdge, nameof(MaxLongEdge));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPngBytes, MinPngBytes, nameof(MaxPngBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)CompressionLevel, 9u, nameof(CompressionLevel));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBrightnessGain, 1.0, nameof(MaxBrightnessGain));
    }
}
