using OvhIkvm.Imaging.Aspeed;

namespace OvhIkvm.Simulators.Aspeed;

/// <summary>
/// RGB to BT.601 studio-swing YCbCr, the inverse of what the video engine's decoders apply.
/// </summary>
internal static class RgbToYCbCr
{
    /// <summary>The rounded forward conversion, for DCT blocks where a level of error is lost in quantisation anyway.</summary>
    public static (byte Y, byte Cb, byte Cr) Convert(int red, int green, int blue) =>
    (
        ToByte(16 + (0.257 * red) + (0.504 * green) + (0.098 * blue)),
        ToByte(128 - (0.148 * red) - (0.291 * green) + (0.439 * blue)),
        ToByte(128 + (0.439 * red) - (0.368 * green) - (0.071 * blue)));

    /// <summary>
    /// The YCbCr triple that decodes closest to the colour, exactly when one exists: VQ blocks carry colours
    /// without loss, so a palette colour should come back as the very pixel the screen had.
    /// </summary>
    public static uint BestPaletteColour(int red, int green, int blue)
    {
        var (y0, cb0, cr0) = Convert(red, green, blue);
        var best = Pack(y0, cb0, cr0);
        var bestError = int.MaxValue;
        for (var y = Math.Max(0, y0 - 2); y <= Math.Min(255, y0 + 2); y++)
        {
            for (var cb = Math.Max(0, cb0 - 2); cb <= Math.Min(255, cb0 + 2); cb++)
            {
                for (var cr = Math.Max(0, cr0 - 2); cr <= Math.Min(255, cr0 + 2); cr++)
                {
                    var (r, g, b) = YCbCrToRgb.ToRgb((byte)y, (byte)cb, (byte)cr);
                    var error = Square(r - red) + Square(g - green) + Square(b - blue);
                    if (error < bestError)
                    {
                        (best, bestError) = (Pack(y, cb, cr), error);
                        if (error == 0)
                        {
                            return best;
                        }
                    }
                }
            }
        }

        return best;
    }

    private static uint Pack(int y, int cb, int cr) => (uint)((y << 16) | (cb << 8) | cr);

    private static int Square(int value) => value * value;

    private static byte ToByte(double value) => (byte)Math.Clamp((int)Math.Round(value, MidpointRounding.AwayFromZero), 0, 255);
}
