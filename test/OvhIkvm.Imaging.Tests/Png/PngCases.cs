using OvhIkvm.Imaging.Png;
using OvhIkvm.Imaging.Tests.Support;

namespace OvhIkvm.Imaging.Tests.Png;

/// <summary>The images the PNG tests encode: one per colour type the encoder can choose, at awkward sizes.</summary>
internal static class PngCases
{
    private static readonly string[] Kinds = ["vga-text", "four-colours", "sixteen-colours", "colour-text", "grey-noise", "desktop", "alpha"];

    public static TheoryData<string, int, int> All()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var kind in Kinds)
        {
            foreach (var (width, height) in new[] { (1, 1), (1, 4097), (1601, 7), (37, 29) })
            {
                data.Add(kind, width, height);
            }
        }

        return data;
    }

    public static Frame Make(string kind, int width, int height) => kind switch
    {
        "vga-text" => SyntheticImages.VgaText(width, height),
        "vga-text-2x" => Doubled(SyntheticImages.VgaText(width / 2, height / 2)),
        "four-colours" => Quantised(SyntheticImages.Desktop(width, height), 4),
        "sixteen-colours" => Quantised(SyntheticImages.Desktop(width, height), 16),
        "colour-text" => Quantised(SyntheticImages.Desktop(width, height), 200, SyntheticImages.TextConsole(width, height, 4, (255, 255, 85), (0, 0, 170))),
        "grey-noise" => SyntheticImages.Noise(width, height, grey: true),
        "noise" => SyntheticImages.Noise(width, height),
        "desktop" => SyntheticImages.Desktop(width, height),
        "alpha" => SyntheticImages.WithAlphaRamp(SyntheticImages.Desktop(width, height)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The colour type the encoder must pick for a screen of this kind.</summary>
    public static PngColorType ExpectedColorType(string kind) => kind switch
    {
        "grey-noise" => PngColorType.Greyscale,
        "desktop" => PngColorType.Rgb,
        "alpha" => PngColorType.Rgba,
        _ => PngColorType.Palette,
    };

    /// <summary>
    /// As <see cref="ExpectedColorType(string)"/>, except that an opaque 1x1 image is a one-entry palette, and a
    /// one-pixel-wide column may have few enough colours for a palette whatever its kind (null: either is right).
    /// </summary>
    public static PngColorType? ExpectedColorType(string kind, int width, int height) => (kind, width, height) switch
    {
        ("alpha", _, _) => PngColorType.Rgba,
        (_, 1, 1) => PngColorType.Palette,
        (_, 1, _) => null,
        _ => ExpectedColorType(kind),
    };

    private static Frame Quantised(Frame source, int levels, Frame? overlay = null)
    {
        var pixels = (byte[])source.Pixels.Clone();
        for (var p = 0; p < pixels.Length; p += 4)
        {
            var level = ((pixels[p] + pixels[p + 1] + pixels[p + 2]) / 3 * levels / 256) % levels;
            pixels[p] = (byte)(level * 7);
            pixels[p + 1] = (byte)(255 - level);
            pixels[p + 2] = (byte)(level * 3);
            if (overlay is not null && overlay.Pixels[p] == 255)
            {
                pixels[p] = 255;
                pixels[p + 1] = 255;
                pixels[p + 2] = 85;
            }
        }

        return new Frame(source.Width, source.Height, pixels);
    }

    private static Frame Doubled(Frame source)
    {
        var pixels = new byte[source.Pixels.Length * 4];
        for (var y = 0; y < source.Height * 2; y++)
        {
            for (var x = 0; x < source.Width * 2; x++)
            {
                source.Pixels.AsSpan((((y / 2) * source.Width) + (x / 2)) * 4, 4).CopyTo(pixels.AsSpan(((y * source.Width * 2) + x) * 4));
            }
        }

        return new Frame(source.Width * 2, source.Height * 2, pixels);
    }
}
