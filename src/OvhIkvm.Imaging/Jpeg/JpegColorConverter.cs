namespace OvhIkvm.Imaging.Jpeg;

/// <summary>
/// Turns decoded component planes into an RGBA frame. YCbCr uses the JFIF/BT.601 full-range equations in 16-bit
/// fixed point with the same rounding as libjpeg, so results match djpeg exactly for the same samples.
/// </summary>
internal static class JpegColorConverter
{
    private const int ScaleBits = 16;
    private const int Half = 1 << (ScaleBits - 1);
    private const int CrToR = 91881;   // 1.40200 * 2^16
    private const int CbToG = -22554;  // -0.34414 * 2^16
    private const int CrToG = -46802;  // -0.71414 * 2^16
    private const int CbToB = 116130;  // 1.77200 * 2^16

    public static Frame ToFrame(JpegComponent[] components, int width, int height, int maxH, int maxV, bool isRgb)
    {
        var pixels = new byte[width * height * Frame.BytesPerPixel];
        if (components.Length == 1)
        {
            var plane = components[0].Plane;
            var stride = components[0].PlaneStride;
            for (var y = 0; y < height; y++)
            {
                var source = plane.AsSpan(y * stride, width);
                var target = pixels.AsSpan(y * width * Frame.BytesPerPixel, width * Frame.BytesPerPixel);
                for (var x = 0; x < source.Length; x++)
                {
                    var luma = source[x];
                    var p = x * Frame.BytesPerPixel;
                    target[p] = luma;
                    target[p + 1] = luma;
                    target[p + 2] = luma;
                    target[p + 3] = byte.MaxValue;
                }
            }

            return new Frame(width, height, pixels);
        }

        var (c0, s0) = FullResolution(components[0], width, height, maxH, maxV);
        var (c1, s1) = FullResolution(components[1], width, height, maxH, maxV);
        var (c2, s2) = FullResolution(components[2], width, height, maxH, maxV);
        for (var y = 0; y < height; y++)
        {
            var first = c0.AsSpan(y * s0, width);
            var second = c1.AsSpan(y * s1, width);
            var third = c2.AsSpan(y * s2, width);
            var target = pixels.AsSpan(y * width * Frame.BytesPerPixel, width * Frame.BytesPerPixel);
            if (isRgb)
            {
                CopyRgbRow(first, second, third, target);
            }
            else
            {
                ConvertYCbCrRow(first, second, third, target);
            }
        }

        return new Frame(width, height, pixels);
    }

    private static (byte[] Plane, int Stride) FullResolution(JpegComponent component, int width, int height, int maxH, int maxV) =>
        component.HorizontalSampling == maxH && component.VerticalSampling == maxV
            ? (component.Plane, component.PlaneStride)
            : (JpegUpsampler.Upsample(component, width, height, maxH, maxV), width);

    private static void CopyRgbRow(ReadOnlySpan<byte> r, ReadOnlySpan<byte> g, ReadOnlySpan<byte> b, Span<byte> target)
    {
        for (var x = 0; x < r.Length; x++)
        {
            var p = x * Frame.BytesPerPixel;
            target[p] = r[x];
            target[p + 1] = g[x];
            target[p + 2] = b[x];
            target[p + 3] = byte.MaxValue;
        }
    }

    private static void ConvertYCbCrRow(ReadOnlySpan<byte> luma, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> target)
    {
        for (var x = 0; x < luma.Length; x++)
        {
            int y = luma[x];
            var blue = cb[x] - 128;
            var red = cr[x] - 128;
            var p = x * Frame.BytesPerPixel;
            target[p] = Clamp(y + (((CrToR * red) + Half) >> ScaleBits));
            target[p + 1] = Clamp(y + (((CbToG * blue) + (CrToG * red) + Half) >> ScaleBits));
            target[p + 2] = Clamp(y + (((CbToB * blue) + Half) >> ScaleBits));
            target[p + 3] = byte.MaxValue;
        }
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
