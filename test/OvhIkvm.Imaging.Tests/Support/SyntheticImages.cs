namespace OvhIkvm.Imaging.Tests.Support;

/// <summary>Deterministic test screens: what consoles look like (glyphs on a flat background), plus the hard cases.</summary>
internal static class SyntheticImages
{
    /// <summary>A text console: glyph-like 8x16 cells in one foreground colour on a flat background.</summary>
    public static Frame TextConsole(int width, int height, int seed, (byte R, byte G, byte B) foreground, (byte R, byte G, byte B) background)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 4];
        var glyphs = new ushort[64][];
        for (var g = 0; g < glyphs.Length; g++)
        {
            glyphs[g] = new ushort[16];
            for (var row = 2; row < 14; row++)
            {
                glyphs[g][row] = (ushort)(random.Next(256) & 0x7E);
            }
        }

        var cellsPerLine = (width + 7) / 8;
        var cellGlyph = new int[cellsPerLine * ((height + 15) / 16)];
        for (var i = 0; i < cellGlyph.Length; i++)
        {
            cellGlyph[i] = random.Next(4) == 0 ? -1 : random.Next(glyphs.Length);
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var glyph = cellGlyph[((y / 16) * cellsPerLine) + (x / 8)];
                var on = glyph >= 0 && ((glyphs[glyph][y % 16] >> (7 - (x % 8))) & 1) != 0;
                var colour = on ? foreground : background;
                var p = ((y * width) + x) * 4;
                pixels[p] = colour.R;
                pixels[p + 1] = colour.G;
                pixels[p + 2] = colour.B;
                pixels[p + 3] = 255;
            }
        }

        return new Frame(width, height, pixels);
    }

    /// <summary>Grey VGA text (170 on black), the most common BMC screen.</summary>
    public static Frame VgaText(int width, int height, int seed = 1) => TextConsole(width, height, seed, (170, 170, 170), (0, 0, 0));

    /// <summary>Smooth colour gradients with a few sharp shapes: a graphical desktop, thousands of colours.</summary>
    public static Frame Desktop(int width, int height, int seed = 2)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 4];
        var boxes = new (int X, int Y, int W, int H, byte R, byte G, byte B)[12];
        for (var i = 0; i < boxes.Length; i++)
        {
            boxes[i] = (random.Next(width), random.Next(height), random.Next(1, Math.Max(2, width / 3)), random.Next(1, Math.Max(2, height / 3)),
                (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = ((y * width) + x) * 4;
                pixels[p] = (byte)(x * 255 / Math.Max(1, width - 1));
                pixels[p + 1] = (byte)(y * 255 / Math.Max(1, height - 1));
                pixels[p + 2] = (byte)((x + y) * 127 / Math.Max(1, width + height - 2));
                pixels[p + 3] = 255;
                foreach (var box in boxes)
                {
                    if (x >= box.X && x < box.X + box.W && y >= box.Y && y < box.Y + box.H)
                    {
                        pixels[p] = box.R;
                        pixels[p + 1] = box.G;
                        pixels[p + 2] = box.B;
                    }
                }
            }
        }

        return new Frame(width, height, pixels);
    }

    /// <summary>Uniform random RGB: the worst case for every compressor.</summary>
    public static Frame Noise(int width, int height, int seed = 3, bool grey = false)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 4];
        random.NextBytes(pixels);
        for (var p = 0; p < pixels.Length; p += 4)
        {
            if (grey)
            {
                pixels[p + 1] = pixels[p];
                pixels[p + 2] = pixels[p];
            }

            pixels[p + 3] = 255;
        }

        return new Frame(width, height, pixels);
    }

    /// <summary>A copy of <paramref name="frame"/> with varying alpha, to force the RGBA colour type.</summary>
    public static Frame WithAlphaRamp(Frame frame)
    {
        var pixels = (byte[])frame.Pixels.Clone();
        for (var p = 3; p < pixels.Length; p += 4)
        {
            pixels[p] = (byte)(p / 4 % 256);
        }

        return new Frame(frame.Width, frame.Height, pixels);
    }
}
