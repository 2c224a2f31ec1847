using OvhIkvm.Imaging.Text;
using OvhIkvm.Imaging.Text.Fonts;
using OvhIkvm.Simulators.Screens;

namespace OvhIkvm.Imaging.Tests.Text;

/// <summary>Every demo screen, drawn in every shipped font in the layouts real consoles use, reads back exactly.</summary>
public sealed class ConsoleTextRoundTripTests
{
    private static readonly ConsoleTextRecognizer Recognizer = new();

    public static TheoryData<DemoScreenKind, string, string> Cases()
    {
        var data = new TheoryData<DemoScreenKind, string, string>();
        foreach (var kind in DemoScreens.All)
        {
            foreach (var font in ConsoleFontLibrary.All)
            {
                foreach (var layout in Layouts.Keys)
                {
                    data.Add(kind, font.Name, layout);
                }
            }
        }

        return data;
    }

    // (cell width, frame width, frame height, origin x, origin y)
    internal static Dictionary<string, (int CellWidth, int Width, int Height, int OriginX, int OriginY)> Layouts { get; } = new()
    {
        ["VGA text 720x400, 9-dot cells"] = (9, 720, 400, 0, 0),
        ["VGA text 640x400"] = (8, 640, 400, 0, 0),
        ["framebuffer 1024x768 with a 3,5 margin"] = (8, 1024, 768, 3, 5),
        ["framebuffer 1920x1080 with a 0,12 margin"] = (8, 1920, 1080, 0, 12),
    };

    internal static BitmapFont Font(string name) => ConsoleFontLibrary.All.Single(font => font.Name == name);

    internal static (TextScreen Screen, Frame Frame) Draw(DemoScreenKind kind, BitmapFont font, string layout)
    {
        var (cellWidth, width, height, originX, originY) = Layouts[layout];
        var columns = Math.Min((width - originX) / cellWidth, 160);
        var rows = Math.Min((height - originY) / font.Height, 100);
        var screen = DemoScreens.Create(kind, "ns1234567.ip-51-91-0.eu", new TextMode(columns, rows));
        return (screen, ConsolePainter.Paint(screen, font, cellWidth, width, height, originX, originY));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reads_every_character_exactly(DemoScreenKind kind, string fontName, string layout)
    {
        var font = Font(fontName);
        var (screen, frame) = Draw(kind, font, layout);

        var text = Recognizer.Recognize(frame);

        Assert.NotNull(text);
        Assert.Equal(0, text.UnmatchedCells);
        Assert.Equal(font.Name, text.FontName);
        var expected = ConsolePainter.ExpectedRows(screen, font);
        // The grid tiles the whole frame, so a margin taller than a cell reads as blank rows above the text.
        var marginRows = (Layouts[layout].OriginY - text.Grid.OriginY) / font.Height;
        Assert.Equal(expected, text.Rows.Skip(marginRows).Take(expected.Count));
        Assert.Equal(Layouts[layout].CellWidth, text.Grid.CellWidth);
        Assert.Equal(font.Height, text.Grid.CellHeight);
    }

    [Fact]
    public void Reads_inverse_video_and_every_colour_pair()
    {
        var font = ConsoleFontLibrary.Vga16;
        var screen = new TextScreen(new TextMode(80, 25));
        var colours = Enum.GetValues<VgaColor>();
        var row = 0;
        foreach (var foreground in colours)
        {
            var column = 0;
            foreach (var background in colours.Where(background => Contrast(foreground, background) >= 255))
            {
                screen.WriteAt(column, row, "Ab9", new TextStyle(foreground, background));
                screen.WriteAt(column, row + 1, "Ab9", new TextStyle(foreground, background).Inverse);
                column += 4;
            }

            row = (row + 2) % 24;
        }

        var frame = ConsolePainter.Paint(screen, font, 9, 720, 400, 0, 0);

        var text = Recognizer.Recognize(frame);

        Assert.NotNull(text);
        Assert.Equal(ConsolePainter.ExpectedRows(screen, font), text.Rows);
    }

    [Fact]
    public void Shows_a_cell_no_glyph_matches_as_one_replacement_character_and_counts_it()
    {
        var font = ConsoleFontLibrary.Vga16;
        var screen = DemoScreens.Create(DemoScreenKind.KernelPanic, "ns1234567");
        var frame = ConsolePainter.Paint(screen, font, 8, screen.Mode.Width, screen.Mode.Height, 0, 0);
        // A cell of the first row scribbled over with a pattern that is no glyph.
        for (var y = 0; y < 16; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                var offset = (y * frame.Stride) + (((10 * 8) + x) * 4);
                var lit = ((x * 7) + (y * 3)) % 5 < 2;
                frame.Pixels[offset] = frame.Pixels[offset + 1] = frame.Pixels[offset + 2] = lit ? (byte)255 : (byte)0;
            }
        }

        var text = Recognizer.Recognize(frame);

        Assert.NotNull(text);
        Assert.Equal(1, text.UnmatchedCells);
        Assert.Equal(ConsoleText.ReplacementCharacter, text.Rows[0][10]);
        Assert.True(text.RecognisedShare < 1);
    }

    private static int Contrast(VgaColor a, VgaColor b)
    {
        var (x, y) = (VgaPalette.ToRgb(a), VgaPalette.ToRgb(b));
        return Math.Abs(x.R - y.R) + Math.Abs(x.G - y.G) + Math.Abs(x.B - y.B);
    }
}
