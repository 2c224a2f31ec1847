namespace OvhIkvm.Imaging.Rendering;

/// <summary>BT.601 luma, the byte-budget fallback: one channel instead of three for the PNG encoder.</summary>
internal static class GreyscaleConverter
{
    public static bool IsGrey(IImageRows image)
    {
        ArgumentNullException.ThrowIfNull(image);
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            for (var p = 0; p < row.Length; p += Frame.BytesPerPixel)
            {
                if (row[p] != row[p + 1] || row[p] != row[p + 2])
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The rows of <paramref name="source"/> in grey, opaque.</summary>
    public static IImageRows ToGrey(IImageRows source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new GreyRows(source);
    }

    private sealed class GreyRows(IImageRows source) : PixelMappedRows(source)
    {
        protected override void Map(ReadOnlySpan<byte> source, Span<byte> target)
        {
            for (var p = 0; p < source.Length; p += Frame.BytesPerPixel)
            {
                // 0.299, 0.587, 0.114 in 8-bit fixed point (77 + 150 + 29 = 256).
                var luma = (byte)(((77 * source[p]) + (150 * source[p + 1]) + (29 * source[p + 2]) + 128) >> 8);
                target[p] = luma;
                target[p + 1] = luma;
                target[p + 2] = luma;
                target[p + 3] = byte.MaxValue;
            }
        }
    }
}
