using OvhIkvm.Simulators.Screens;

namespace OvhIkvm.Kvm.Tests.Screens;

public sealed class ConsoleFontTests
{
    private static readonly ConsoleFont Font = ConsoleFont.Designed;

    private static IEnumerable<char> PrintableAscii => Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c);

    [Fact]
    public void Every_printable_ascii_character_has_a_glyph_of_the_exact_cell_size()
    {
        foreach (var character in PrintableAscii)
        {
            Assert.True(Font.Contains(character), $"no glyph for '{character}'");
            Assert.Equal(ConsoleFont.GlyphHeight, Font.GetGlyph(character).Length);
        }

        Assert.Equal(8, ConsoleFont.GlyphWidth);
        Assert.Equal(16, ConsoleFont.GlyphHeight);
    }

    [Fact]
    public void Every_glyph_is_distinct_and_only_the_space_is_blank()
    {
        var seen = new Dictionary<string, char>();
        foreach (var character in Font.Characters)
        {
            var glyph = Font.GetGlyph(character).ToArray();
            Assert.Equal(character == ' ', glyph.All(row => row == 0));
            var key = Convert.ToHexString(glyph);
            Assert.False(seen.TryGetValue(key, out var twin), $"U+{(int)character:X4} and U+{(int)twin:X4} share a glyph");
            seen.Add(key, character);
        }
    }

    [Fact]
    public void Text_glyphs_leave_the_right_column_and_the_top_and_bottom_rows_empty_so_neighbours_never_touch()
    {
        foreach (var character in PrintableAscii)
        {
            var glyph = Font.GetGlyph(character);
            for (var y = 0; y < ConsoleFont.GlyphHeight; y++)
            {
                Assert.True((glyph[y] & 0x01) == 0, $"'{character}' row {y} touches column 7");
            }

            Assert.True(glyph[0] == 0 && glyph[^1] == 0, $"'{character}' touches the top or bottom row");
        }
    }

    [Fact]
    public void Glyph_rows_are_most_significant_bit_first_with_capitals_on_rows_2_to_11()
    {
        var h = Font.GetGlyph('H');
        Assert.Equal(0b1100_0110, h[2]); // two stems, column 7 clear
        Assert.Equal(0b1111_1110, h[6]); // the crossbar
        Assert.Equal(0b1100_0110, h[11]);
        Assert.Equal(0, h[1]);
        Assert.Equal(0, h[12]);

        var underscore = Font.GetGlyph('_');
        Assert.NotEqual(0, underscore[14]);
        Assert.Equal(1, underscore.ToArray().Count(row => row != 0));
    }

    [Theory]
    [InlineData('g')]
    [InlineData('j')]
    [InlineData('p')]
    [InlineData('q')]
    [InlineData('y')]
    public void Descenders_go_below_the_baseline(char character)
    {
        var glyph = Font.GetGlyph(character);
        Assert.NotEqual(0, glyph[12]);
        Assert.Equal(0, Font.GetGlyph('x')[12]);
    }

    [Theory]
    [InlineData('\u2500', false, false, true, true)] // ─
    [InlineData('\u2502', true, true, false, false)] // │
    [InlineData('\u250C', false, true, false, true)] // ┌
    [InlineData('\u2510', false, true, true, false)] // ┐
    [InlineData('\u2514', true, false, false, true)] // └
    [InlineData('\u2518', true, false, true, false)] // ┘
    [InlineData('\u253C', true, true, true, true)] // ┼
    [InlineData('\u2554', false, true, false, true)] // ╔
    [InlineData('\u255D', true, false, true, false)] // ╝
    public void Line_drawing_glyphs_reach_exactly_the_cell_edges_they_join(char character, bool up, bool down, bool left, bool right)
    {
        var glyph = Font.GetGlyph(character);
        Assert.Equal(up, glyph[0] != 0);
        Assert.Equal(down, glyph[^1] != 0);
        Assert.Equal(left, glyph.ToArray().Any(row => (row & 0x80) != 0));
        Assert.Equal(right, glyph.ToArray().Any(row => (row & 0x01) != 0));
    }

    [Fact]
    public void Double_lines_are_two_strokes_and_the_full_block_fills_the_cell()
    {
        Assert.Equal(2, Font.GetGlyph('\u2550').ToArray().Count(row => row == 0xFF)); // ═
        Assert.All(Font.GetGlyph('\u2551').ToArray(), row => Assert.Equal(0b0010_1000, row)); // ║
        Assert.All(Font.GetGlyph('\u2588').ToArray(), row => Assert.Equal(0xFF, row)); // █
    }

    [Theory]
    [InlineData('\u00E9')] // é
    [InlineData('\u4E00')]
    [InlineData('\t')]
    [InlineData('\0')]
    public void A_character_the_font_lacks_draws_the_replacement_glyph(char character)
    {
        Assert.False(Font.Contains(character));
        Assert.True(Font.GetGlyph(character).SequenceEqual(Font.GetGlyph(ConsoleFont.ReplacementCharacter)));
    }

    [Fact]
    public void The_vga_font_draws_exactly_the_glyph_tables_the_recogniser_reads()
    {
        var library = OvhIkvm.Imaging.Text.Fonts.ConsoleFontLibrary.Vga16;
        foreach (var character in library.Characters)
        {
            library.TryGetGlyph(character, out var glyph);
            Assert.True(ConsoleFont.Vga.GetGlyph(character).SequenceEqual(library.GlyphRows(glyph)), $"U+{(int)character:X4}");
        }

        Assert.True(ConsoleFont.Vga.GetGlyph('\u4E00').SequenceEqual(ConsoleFont.Vga.GetGlyph(ConsoleFont.ReplacementCharacter)));
    }

    [Fact]
    public void A_screen_rendered_with_the_vga_font_reads_back_exactly()
    {
        var screen = DemoScreens.Create(DemoScreenKind.KernelPanic, "ns1234567", TextMode.Text128x48);
        screen.CursorVisible = false; // an underline cursor is no glyph: it would read as U+FFFD

        var text = new OvhIkvm.Imaging.Text.ConsoleTextRecognizer().Recognize(screen.Render(ConsoleFont.Vga));

        Assert.NotNull(text);
        Assert.Equal("VGA 8x16", text.FontName);
        for (var row = 0; row < screen.Rows; row++)
        {
            var expected = new string([.. screen.Cells.Slice(row * screen.Columns, screen.Columns).ToArray().Select(cell => cell.Character)]).TrimEnd();
            Assert.Equal(expected, text.Rows[row]);
        }
    }
}
