namespace OvhIkvm.Imaging.Aspeed;

/// <summary>
/// BT.601 studio-swing YCbCr to RGB, the conversion of every ASPEED-mode decoder, with the correct Cr-to-green
/// coefficient (0.8125; AMI's viewer reuses the Cb one, a bug we do not copy). The terms are 16.16 fixed point
/// and rounded once, at the end.
/// </summary>
public static class YCbCrToRgb
{
    private const int Shift = 16;
    private const int Half = 1 << (Shift - 1);

    private static readonly int[] _luma = Table(1.164, 16);
    private static readonly int[] _crToRed = Table(1.597656, 128);
    private static readonly int[] _cbToGreen = Table(-0.390625, 128);
    private static readonly int[] _crToGreen = Table(-0.8125, 128);
    private static readonly int[] _cbToBlue = Table(2.015625, 128);

    /// <summary>The RGB colour a decoder shows for one YCbCr sample triple.</summary>
    public static (byte Red, byte Green, byte Blue) ToRgb(byte y, byte cb, byte cr)
    {
        Span<byte> pixel = stackalloc byte[3];
        Convert(y, cb, cr, pixel, 0);
        return (pixel[0], pixel[1], pixel[2]);
    }

    /// <summary>Writes R, G, B at <paramref name="offset"/> in <paramref name="pixels"/>; alpha is left alone.</summary>
    internal static void Convert(byte y, byte cb, byte cr, Span<byte> pixels, int offset)
    {
        var luma = _luma[y] + Half;
        var blue = Clamp((luma + _cbToBlue[cb]) >> Shift);
        var pixel = pixels.Slice(offset, 3);
        pixel[2] = blue;
        pixel[1] = Clamp((luma + _cbToGreen[cb] + _crToGreen[cr]) >> Shift);
        pixel[0] = Clamp((luma + _crToRed[cr]) >> Shift);
    }

    private static byte Clamp(int value) => (uint)value <= 255 ? (byte)value : value < 0 ? (byte)0 : (byte)255;

    private static int[] Table(double coefficient, int offset)
    {
        var table = new int[256];
        var fixedPoint = (int)Math.Round(coefficient * (1 << Shift));
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = fixedPoint * (i - offset);
        }

        return table;
    }
}
