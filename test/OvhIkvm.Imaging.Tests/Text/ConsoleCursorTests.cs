using OvhIkvm.Imaging.Text;
using OvhIkvm.Imaging.Text.Fonts;
using OvhIkvm.Simulators.Screens;

namespace OvhIkvm.Imaging.Tests.Text;

/// <summary>
/// A cursor is no character: the cell under an underline cursor (fbcon's XORed bottom rows, a VGA's painted rows) or
/// a block cursor (an inverse cell) reads as what it covers, its cell is reported, and an underscore stays one.
/// </summary>
public sealed class ConsoleCursorTests
{
    private static readonly ConsoleTextRecognizer Recognizer = new();

    public static TheoryData<string, PaintedCursor, string> UnderlineCases()
    {
        var data = new TheoryData<string, PaintedCursor, string>();
        foreach (var font in ConsoleFontLibrary.All)
        {
            foreach (var cursor in new[] { PaintedCursor.FramebufferUnderline, PaintedCursor.VgaUnderline })
            {
                foreach (var under in new[] { "blank", "letter", "descender" })
                {
                    // fbcon's 1-row cursor under an 8x8 font is VGA 8x8's underscore: see the fact below.
                    if (!(font == ConsoleFontLibrary.Vga8 && cursor == PaintedCursor.FramebufferUnderline && under == "blank"))
                    {
                        data.Add(font.Name, cursor, under);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UnderlineCases))]
    public void An_underline_cursor_reads_as_what_it_covers_and_is_reported(string fontName, PaintedCursor cursor, string under)
    {
        var font = ConsoleTextRoundTripTests.Font(fontName);
        var screen = LoginPrompt();
        // "login: " ends at column 12; "root" / "yes" follow it (y's descender reaches into the cursor's rows).
        var (column, typed) = under switch
        {
            "blank" => (12, string.Empty),
            "letter" => (14, "root"),
            _ => (12, "yes"),
        };
        screen.Write(typed).MoveCursor(column, 2);

        var text = Read(screen, font, cursor);

        Assert.NotNull(text);
        Assert.Equal(ConsolePainter.ExpectedRows(screen, font), text.Rows);
        Assert.Equal(0, text.UnmatchedCells);
        Assert.Equal(new ConsoleCursor(2, column), text.Cursor);
        Assert.EndsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $", cursor at row 2, column {column} (from 0)"), text.Summary, StringComparison.Ordinal);
    }

    public static TheoryData<string, PaintedCursor, string> LossyCases()
    {
        var data = new TheoryData<string, PaintedCursor, string>();
        foreach (var font in new[] { ConsoleFontLibrary.Vga16, ConsoleFontLibrary.Fixed16 })
        {
            foreach (var cursor in Enum.GetValues<PaintedCursor>())
            {
                foreach (var codec in ConsoleTextLossyTests.Codecs.Keys)
                {
                    data.Add(font.Name, cursor, codec);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LossyCases))]
    public void A_cursor_is_found_through_the_codecs_a_BMC_uses(string fontName, PaintedCursor cursor, string codec)
    {
        var font = ConsoleTextRoundTripTests.Font(fontName);
        foreach (var (typed, column) in new[] { (string.Empty, 12), ("root", 14) })
        {
            var screen = LoginPrompt();
            screen.Write(typed).MoveCursor(column, 2);

            var text = Recognizer.Recognize(ConsoleTextLossyTests.Codecs[codec](Draw(screen, font, cursor)));

            Assert.NotNull(text);
            Assert.Equal(ConsolePainter.ExpectedRows(screen, font), text.Rows);
            Assert.Equal(new ConsoleCursor(2, column), text.Cursor);
        }
    }

    [Fact]
    public void The_framebuffer_cursor_of_an_8x8_font_on_a_blank_is_the_fonts_underscore()
    {
        // fbcon draws a 1-row cursor under 10-row fonts: the very bitmap of VGA 8x8's '_', so it reads as one.
        var screen = LoginPrompt();

        var text = Read(screen, ConsoleFontLibrary.Vga8, PaintedCursor.FramebufferUnderline);

        Assert.NotNull(text);
        Assert.Equal("host login: _", text.Rows[2]);
        Assert.Null(text.Cursor);
    }

    public static TheoryData<string> Fonts() => [.. ConsoleFontLibrary.All.Select(font => font.Name)];

    [Theory]
    [MemberData(nameof(Fonts))]
    public void An_underscore_still_reads_as_an_underscore(string fontName)
    {
        // '_' is a bar in the bottom rows too, but one row thick (VGA's full width, the others' 6 or 7 pixels).
        var font = ConsoleTextRoundTripTests.Font(fontName);
        var screen = LoginPrompt();
        screen.Write("my_user_").MoveCursor(12, 2);

        var withoutCursor = Recognizer.Recognize(Paint(screen, font));
        var underCursor = Read(screen, font, PaintedCursor.VgaUnderline);

        Assert.NotNull(withoutCursor);
        Assert.Equal("host login: my_user_", withoutCursor.Rows[2]);
        Assert.Null(withoutCursor.Cursor);
        Assert.NotNull(underCursor);
        Assert.Equal("host login: my_user_", underCursor.Rows[2]);
        Assert.Equal(0, underCursor.UnmatchedCells);
        Assert.Equal(new ConsoleCursor(2, 12), underCursor.Cursor);
    }

    [Theory]
    [MemberData(nameof(Fonts))]
    public void A_block_cursor_reads_as_what_it_covers_and_is_reported(string fontName)
    {
        // fbcon's block cursor is the cell in inverse video, which the binariser reads like any other colour pair;
        // it shows as the one cell whose background no neighbour shares.
        var font = ConsoleTextRoundTripTests.Font(fontName);
        foreach (var (typed, column) in new[] { (string.Empty, 12), ("root", 12), ("root", 15) })
        {
            var screen = LoginPrompt();
            screen.Write(typed).MoveCursor(column, 2);

            var text = Read(screen, font, PaintedCursor.Block);

            Assert.NotNull(text);
            Assert.Equal(ConsolePainter.ExpectedRows(screen, font), text.Rows);
            Assert.Equal(0, text.UnmatchedCells);
            Assert.Equal(new ConsoleCursor(2, column), text.Cursor);
        }
    }

    [Fact]
    public void Two_lone_inverse_cells_are_not_a_cursor()
    {
        var font = ConsoleFontLibrary.Vga16;
        var screen = LoginPrompt();
        var frame = Paint(screen, font);
        ConsolePainter.PaintCursor(frame, screen, font, 8, 0, 0, PaintedCursor.Block);
        screen.MoveCursor(20, 2);
        ConsolePainter.PaintCursor(frame, screen, font, 8, 0, 0, PaintedCursor.Block);

        var text = Recognizer.Recognize(frame);

        Assert.NotNull(text);
        Assert.Equal("host login:", text.Rows[2]);
        Assert.Null(text.Cursor);
    }

    [Fact]
    public void Two_bars_are_not_a_cursor()
    {
        // A screen has one cursor: two cells that each look like one are read as what they are, unknown glyphs.
        var font = ConsoleFontLibrary.Vga16;
        var screen = LoginPrompt();
        var frame = Paint(screen, font);
        ConsolePainter.PaintCursor(frame, screen, font, 8, 0, 0, PaintedCursor.FramebufferUnderline);
        screen.MoveCursor(20, 2);
        ConsolePainter.PaintCursor(frame, screen, font, 8, 0, 0, PaintedCursor.FramebufferUnderline);

        var text = Recognizer.ReadBestEffort(frame, out _);

        Assert.NotNull(text);
        Assert.Null(text.Cursor);
        Assert.Equal(2, text.UnmatchedCells);
        Assert.Equal("host login: \uFFFD       \uFFFD", text.Rows[2]);
    }

    [Fact]
    public void A_vga_cursor_over_g_hides_what_tells_it_from_q()
    {
        // fbcon XORs, so the glyph comes back exactly; a VGA paints over rows 13-14, all that tells VGA 8x16's g from
        // q. The cell still reads as g (the nearest glyph, bar included), but it cannot be claimed as the cursor.
        var font = ConsoleFontLibrary.Vga16;
        var screen = LoginPrompt();
        screen.Write("grep").MoveCursor(12, 2);

        var framebuffer = Read(screen, font, PaintedCursor.FramebufferUnderline);
        var vga = Read(screen, font, PaintedCursor.VgaUnderline);

        Assert.NotNull(framebuffer);
        Assert.Equal("host login: grep", framebuffer.Rows[2]);
        Assert.Equal(new ConsoleCursor(2, 12), framebuffer.Cursor);
        Assert.NotNull(vga);
        Assert.Equal("host login: grep", vga.Rows[2]);
        Assert.Null(vga.Cursor);
    }

    private static TextScreen LoginPrompt()
    {
        var screen = new TextScreen(new TextMode(80, 25));
        screen.WriteLine("Debian GNU/Linux 12 host tty1").WriteLine().Write("host login: ");
        return screen;
    }

    private static Frame Paint(TextScreen screen, BitmapFont font) => ConsolePainter.Paint(screen, font, 8, 640, 25 * font.Height, 0, 0);

    private static ConsoleText? Read(TextScreen screen, BitmapFont font, PaintedCursor cursor) => Recognizer.Recognize(Draw(screen, font, cursor));

    private static Frame Draw(TextScreen screen, BitmapFont font, PaintedCursor cursor)
    {
        var frame = Paint(screen, font);
        ConsolePainter.PaintCursor(frame, screen, font, 8, 0, 0, cursor);
        return frame;
    }
}
