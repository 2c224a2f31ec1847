namespace OvhIkvm.Imaging.Rendering;

/// <summary>BT.601 luma, the byte-budget fallback: one channel instead of three for the PNG encoder.</summary>
internal static class GreyscaleConverter
{
    public static bool IsGrey(Frame frame)
    {
        var pixels = frame.Pixels;
        for (var p = 0; p < pixels.Length; p += Frame.BytesPerPixel)
        {
            if (pixels[p] != pixels[p + 1] || pixels[p] != pixels[p + 2])
            {
                return false;
            }
        }

        return true;
    }

    public static Frame ToGrey(Frame frame)
    {
        var source = frame.Pixels;
        var target = new byte[source.Length];
        for (var p = 0; p < source.Length; p += Frame.BytesPerPixel)
        {
            // 0.299, 0.587, 0.114 in 8-bit fixed point (77 + 150 + 29 = 256).
            var luma = (byte)(((77 * source[p]) + (150 * source[p + 1]) + (29 * source[p + 2]) + 128) >> 8);
            target[p] = luma;
            target[p + 1] = luma;
            target[p + 2] = luma;
            target[p + 3] = byte.MaxValue;
        }

        return new Frame(frame.Width, frame.Height, target);
    }
}
