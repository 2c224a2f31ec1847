using OvhIkvm.Imaging.Text;
using OvhIkvm.Imaging.Text.Fonts;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Imaging.Tests.Support;

namespace OvhIkvm.Imaging.Tests.Text;

/// <summary>Graphical frames get no text at all: gradients, noise, photo-like scenes, splash screens, desktops.</summary>
public sealed class ConsoleTextNonTextTests
{
    private static readonly ConsoleTextRecognizer Recognizer = new();

    public static TheoryData<string> Frames() => [.. NonTextFrames.Keys];

    internal static Dictionary<string, Func<Frame>> NonTextFrames { get; } = new()
    {
        ["1x1 pixel"] = () => Paint(1, 1, (_, _) => Grey(255)),
        ["7x15 pixels, smaller than a cell"] = () => Noise(7, 15, seed: 9, grey: true),
        ["black 1024x768"] = () => Paint(1024, 768, (_, _) => (0, 0, 0)),
        ["horizontal grey gradient"] = () => Paint(1024, 768, (x, _) => Grey(x * 255 / 1023)),
        ["vertical colour gradient"] = () => Paint(1024, 768, (_, y) => ((byte)(y / 3), (byte)(255 - (y / 3)), 128)),
        ["diagonal gradient 1920x1080"] = () => Paint(1920, 1080, (x, y) => Grey((x + y) * 255 / 2999)),
        ["radial gradient"] = () => Paint(1024, 768, (x, y) => Grey(Math.Min(255, (int)Math.Sqrt(((x - 512) * (x - 512)) + ((y - 384) * (y - 384))) / 2))),
        ["banded gradient (16 steps)"] = () => Paint(1024, 768, (x, _) => Grey(x / 64 * 16)),
        ["grey noise"] = () => Noise(1024, 768, seed: 1, grey: true),
        ["colour noise"] = () => Noise(1024, 768, seed: 2, grey: false),
        ["sparse salt and pepper"] = () => SaltAndPepper(1024, 768, seed: 3),
        ["photo-like: sum of waves"] = () => Paint(1024, 768, (x, y) => ((byte)(128 + (100 * Math.Sin(x / 37.0))), (byte)(128 + (90 * Math.Cos(y / 23.0))), (byte)(128 + (60 * Math.Sin((x + y) / 51.0))))),
        ["photo-like: waves and grain"] = () => Grain(Paint(1024, 768, (x, y) => Grey((int)(128 + (80 * Math.Sin(x / 11.0) * Math.Cos(y / 17.0))))), seed: 4),
        ["photo-like: blurred blobs"] = () => Blobs(1024, 768, seed: 5),
        ["checkerboard 1 px (X root weave)"] = () => Paint(1024, 768, (x, y) => ((x + y) & 1) == 0 ? Grey(0) : Grey(255)),
        ["checkerboard 2 px"] = () => Paint(1024, 768, (x, y) => (((x / 2) + (y / 2)) & 1) == 0 ? Grey(30) : Grey(220)),
        ["checkerboard 32 px"] = () => Paint(1024, 768, (x, y) => (((x / 32) + (y / 32)) & 1) == 0 ? Grey(30) : Grey(220)),
        ["vertical stripes 3 px"] = () => Paint(1024, 768, (x, _) => x % 6 < 3 ? Grey(0) : Grey(200)),
        ["horizontal stripes 5 px"] = () => Paint(1024, 768, (_, y) => y % 10 < 5 ? Grey(0) : Grey(200)),
        ["GRUB theme: gradient, panel, large scaled text"] = GrubTheme,
        ["boot splash: logo circle and progress dots"] = Splash,
        ["desktop: wallpaper, windows and icons"] = () => SyntheticImages.Desktop(1024, 768),
        ["desktop 1920x1080"] = () => SyntheticImages.Desktop(1920, 1080, seed: 7),
        ["console text scaled 2x (not a console font grid)"] = ScaledConsole,
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void Claims_no_text(string name)
    {
        var frame = NonTextFrames[name]();

        var text = Recognizer.Recognize(frame);

        Assert.True(text is null, $"{name}: claimed {text?.Summary}\n{text?.Text}");
    }

    private static (byte R, byte G, byte B) Grey(int level) => ((byte)level, (byte)level, (byte)level);

    private static Frame Paint(int width, int height, Func<int, int, (byte R, byte G, byte B)> colourAt)
    {
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = colourAt(x, y);
                var offset = ((y * width) + x) * 4;
                (pixels[offset], pixels[offset + 1], pixels[offset + 2], pixels[offset + 3]) = (r, g, b, 255);
            }
        }

        return new Frame(width, height, pixels);
    }

    private static Frame Noise(int width, int height, int seed, bool grey)
    {
        var random = new Random(seed);
        return Paint(width, height, (_, _) => grey ? Grey(random.Next(256)) : ((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
    }

    private static Frame SaltAndPepper(int width, int height, int seed)
    {
        var random = new Random(seed);
        return Paint(width, height, (_, _) => random.Next(40) == 0 ? Grey(255) : Grey(0));
    }

    private static Frame Grain(Frame frame, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < frame.Pixels.Length; i++)
        {
            if (i % 4 != 3)
            {
                frame.Pixels[i] = (byte)Math.Clamp(frame.Pixels[i] + random.Next(-25, 26), 0, 255);
            }
        }

        return frame;
    }

    private static Frame Blobs(int width, int height, int seed)
    {
        var random = new Random(seed);
        var blobs = Enumerable.Range(0, 12).Select(_ => (X: random.Next(width), Y: random.Next(height), R: random.Next(40, 200), C: random.Next(256))).ToArray();
        return Paint(width, height, (x, y) =>
        {
            double level = 40;
            foreach (var blob in blobs)
            {
                var d2 = ((x - blob.X) * (x - blob.X)) + ((y - blob.Y) * (y - blob.Y));
                level += blob.C * Math.Exp(-d2 / (2.0 * blob.R * blob.R));
            }

            return Grey((int)Math.Min(255, level));
        });
    }

    // A themed GRUB: a gradient, a translucent-looking panel, and menu entries in a large font (the console font
    // scaled 3x), which is text to a person but not a console grid.
    private static Frame GrubTheme()
    {
        var frame = Paint(1024, 768, (x, y) => ((byte)(20 + (y / 8)), (byte)(30 + (x / 12)), (byte)(90 + (y / 6))));
        FillRectangle(frame, 200, 200, 624, 300, (40, 40, 60));
        DrawScaledText(frame, "Debian GNU/Linux", 240, 240, 3, (255, 255, 255));
        DrawScaledText(frame, "Advanced options", 240, 320, 3, (200, 200, 200));
        return frame;
    }

    private static Frame Splash()
    {
        var frame = Paint(1024, 768, (x, y) =>
        {
            var d = Math.Sqrt(((x - 512) * (x - 512)) + ((y - 330) * (y - 330)));
            return d < 90 ? ((byte)215, (byte)10, (byte)83) : d < 96 ? Grey(255) : Grey(10);
        });
        for (var dot = 0; dot < 5; dot++)
        {
            FillRectangle(frame, 452 + (dot * 24), 500, 10, 10, (180, 180, 180));
        }

        return frame;
    }

    private static Frame ScaledConsole()
    {
        var frame = Paint(1024, 768, (_, _) => Grey(0));
        var row = 0;
        foreach (var line in DemoScreens.Create(DemoScreenKind.KernelPanic, "ns1").Cells.ToArray().Chunk(80).Take(20))
        {
            var text = new string([.. line.Select(cell => cell.Character)]).TrimEnd();
            DrawScaledText(frame, text[..Math.Min(60, text.Length)], 4, 4 + (row * 36), 2, (170, 170, 170));
            row++;
        }

        return frame;
    }

    private static void FillRectangle(Frame frame, int left, int top, int width, int height, (byte R, byte G, byte B) colour)
    {
        for (var y = top; y < top + height; y++)
        {
            for (var x = left; x < left + width; x++)
            {
                var offset = (y * frame.Stride) + (x * 4);
                (frame.Pixels[offset], frame.Pixels[offset + 1], frame.Pixels[offset + 2]) = colour;
            }
        }
    }

    private static void DrawScaledText(Frame frame, string text, int left, int top, int scale, (byte R, byte G, byte B) colour)
    {
        var font = ConsoleFontLibrary.Vga16;
        for (var i = 0; i < text.Length; i++)
        {
            if (!font.TryGetGlyph(text[i], out var glyph))
            {
                continue;
            }

            var rows = font.GlyphRows(glyph);
            for (var y = 0; y < 16 * scale; y++)
            {
                for (var x = 0; x < 8 * scale; x++)
                {
                    var px = left + (i * 8 * scale) + x;
                    var py = top + y;
                    if (px < frame.Width && py < frame.Height && (rows[y / scale] & (0x80 >> (x / scale))) != 0)
                    {
                        var offset = (py * frame.Stride) + (px * 4);
                        (frame.Pixels[offset], frame.Pixels[offset + 1], frame.Pixels[offset + 2]) = colour;
                    }
                }
            }
        }
    }
}
