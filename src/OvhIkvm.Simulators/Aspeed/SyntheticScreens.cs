using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Aspeed;

namespace OvhIkvm.Simulators.Aspeed;

/// <summary>
/// Deterministic screens for the simulators, tests and benchmarks: a text console (what a BMC shows most of the
/// time, and what VQ blocks are for) and a smooth colour picture (what DCT blocks are for).
/// </summary>
public static class SyntheticScreens
{
    /// <summary>
    /// Console colours given as YCbCr, converted with the decoder's own conversion, so each one is exactly
    /// representable (a VQ block can reproduce it bit for bit).
    /// </summary>
    public static IReadOnlyList<(byte R, byte G, byte B)> ConsoleColours { get; } =
    [
        YCbCrToRgb.ToRgb(16, 128, 128),
        YCbCrToRgb.ToRgb(235, 128, 128),
        YCbCrToRgb.ToRgb(126, 128, 128),
        YCbCrToRgb.ToRgb(81, 90, 240),
        YCbCrToRgb.ToRgb(145, 54, 34),
        YCbCrToRgb.ToRgb(41, 240, 110),
        YCbCrToRgb.ToRgb(210, 16, 146),
        YCbCrToRgb.ToRgb(170, 166, 16),
    ];

    /// <summary>Smooth colour waves, the same at every size: what DCT blocks (and 4:2:0 chroma) are for.</summary>
    public static Frame Picture(int width, int height)
    {
        var pixels = new byte[width * height * Frame.BytesPerPixel];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * Frame.BytesPerPixel;
                var wave = Math.Sin(x / 23.0) * Math.Cos(y / 31.0);
                pixels[i] = (byte)(128 + (100 * wave));
                pixels[i + 1] = (byte)(128 + (110 * Math.Sin((x / 37.0) + (y / 53.0))));
                pixels[i + 2] = (byte)(128 + (110 * Math.Cos((y / 29.0) - (x / 41.0))));
                pixels[i + 3] = 255;
            }
        }

        return new Frame(width, height, pixels);
    }

    /// <summary>
    /// A text console: each 8x8 cell has a background and zero to three foreground colours in glyph-like
    /// strokes, so blocks have 1, 2, 3 or 4 colours; the seed varies the text.
    /// </summary>
    public static Frame Console(int width, int height, int seed)
    {
        var random = new Random(seed);
        var frame = Frame.CreateBlack(width, height, FrameLimits.Default);
        for (var cellY = 0; cellY < height; cellY += 8)
        {
            for (var cellX = 0; cellX < width; cellX += 8)
            {
                var colours = Enumerable.Range(0, 1 + random.Next(4)).Select(_ => ConsoleColours[random.Next(ConsoleColours.Count)]).ToArray();
                var strokes = random.Next(1 << 16);
                for (var y = cellY; y < Math.Min(cellY + 8, height); y++)
                {
                    for (var x = cellX; x < Math.Min(cellX + 8, width); x++)
                    {
                        var bit = ((x - cellX) * 3) + (y - cellY);
                        var colour = colours[((strokes >> (bit % 16)) & 1) == 0 ? 0 : (1 + ((x + y) % Math.Max(1, colours.Length - 1))) % colours.Length];
                        SetPixel(frame, x, y, colour);
                    }
                }
            }
        }

        return frame;
    }

    /// <summary>A copy of <paramref name="source"/> with a filled square: a small screen change.</summary>
    public static Frame WithBlock(Frame source, int left, int top, int size, (byte R, byte G, byte B) colour)
    {
        ArgumentNullException.ThrowIfNull(source);
        var copy = new Frame(source.Width, source.Height, (byte[])source.Pixels.Clone());
        for (var y = top; y < Math.Min(top + size, copy.Height); y++)
        {
            for (var x = left; x < Math.Min(left + size, copy.Width); x++)
            {
                SetPixel(copy, x, y, colour);
            }
        }

        return copy;
    }

    private static void SetPixel(Frame frame, int x, int y, (byte R, byte G, byte B) colour)
    {
        var pixel = frame.Row(y).Slice(x * Frame.BytesPerPixel, 3);
        (pixel[0], pixel[1], pixel[2]) = colour;
    }
}
