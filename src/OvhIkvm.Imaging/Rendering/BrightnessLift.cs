namespace OvhIkvm.Imaging.Rendering;

/// <summary>
/// Adaptive brightness for dark consoles (VGA text is grey 170 on black; many BIOS screens are dimmer still).
/// The gain maps the brightest pixels, less a clip allowance of <see cref="VisionOptions.BrightnessClipFraction"/>,
/// to white. It multiplies, so black stays black and hues stay put; it never goes below 1, so nothing darkens;
/// and screens that already reach near-white are left exactly as they are.
/// </summary>
internal static class BrightnessLift
{
    /// <summary>Screens whose clip-percentile brightness is at least this are already bright: untouched.</summary>
    public const int AlreadyBright = 240;

    /// <summary>The gain for <paramref name="frame"/>: 1 means leave it alone.</summary>
    public static double ChooseGain(Frame frame, double maxGain)
    {
        Span<int> histogram = stackalloc int[256];
        histogram.Clear();
        var pixels = frame.Pixels;
        for (var p = 0; p < pixels.Length; p += Frame.BytesPerPixel)
        {
            histogram[Math.Max(pixels[p], Math.Max(pixels[p + 1], pixels[p + 2]))]++;
        }

        // The smallest level with at most the allowed number of pixels strictly above it.
        var allowed = (long)(frame.Width * (long)frame.Height * VisionOptions.BrightnessClipFraction);
        long above = 0;
        var level = 255;
        while (level > 0 && above + histogram[level] <= allowed)
        {
            above += histogram[level];
            level--;
        }

        if (level == 0 || level >= AlreadyBright)
        {
            return 1.0; // all black (nothing to lift) or already bright
        }

        return Math.Min(255.0 / level, maxGain);
    }

    /// <summary>The rows of <paramref name="source"/> with R, G and B multiplied by <paramref name="gain"/>, opaque.</summary>
    public static IImageRows Apply(IImageRows source, double gain)
    {
        ArgumentNullException.ThrowIfNull(source);
        var table = new byte[256];
        for (var v = 0; v < table.Length; v++)
        {
            table[v] = (byte)Math.Min(255, (int)Math.Round(v * gain, MidpointRounding.AwayFromZero));
        }

        return new LiftedRows(source, table);
    }

    private sealed class LiftedRows(IImageRows source, byte[] table) : PixelMappedRows(source)
    {
        protected override void Map(ReadOnlySpan<byte> source, Span<byte> target)
        {
            for (var p = 0; p < source.Length; p += Frame.BytesPerPixel)
            {
                target[p] = table[source[p]];
                target[p + 1] = table[source[p + 1]];
                target[p + 2] = table[source[p + 2]];
                target[p + 3] = byte.MaxValue;
            }
        }
    }
}
