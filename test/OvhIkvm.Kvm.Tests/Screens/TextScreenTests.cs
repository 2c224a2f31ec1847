using OvhIkvm.Simulators.Screens;

namespace OvhIkvm.Kvm.Tests.Screens;

public sealed class TextScreenTests
{
    private static readonly TextStyle Alert = new(VgaColor.Yellow, VgaColor.Red);

    [Fact]
    public void Standard_modes_have_the_pixel_sizes_consoles_use()
    {
        Assert.Equal((640, 400), (TextMode.Text80x25.Width, TextMode.Text80x25.Height));
        Assert.Equal((640, 480), (TextMode.Text80x30.Width, TextMode.Text80x30.Height));
        Assert.Equal((1024, 768), (TextMode.Text128x48.Width, TextMode.Text128x48.Height));
    }

    [Theory]
    [InlineData(0, 25)]
    [InlineData(80, -1)]
    [InlineData(1025, 25)]
    [InlineData(80, 513)]
    public void A_mode_that_is_empty_or_larger_than_the_frame_limits_is_refused(int columns, int rows)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextMode(columns, rows));
    }

    [Fact]
    public void Write_wraps_at_the_right_edge_and_scrolls_at_the_bottom_like_a_terminal()
    {
        var screen = new TextScreen(new TextMode(4, 2));

        screen.Write("abcdefgh");

        Assert.Equal("abcd", screen.GetRowText(0));
        Assert.Equal("efgh", screen.GetRowText(1));
        Assert.Equal((4, 1), (screen.CursorColumn, screen.CursorRow)); // wrap pending, no scroll yet

        screen.Write("ij");

        Assert.Equal("efgh", screen.GetRowText(0));
        Assert.Equal("ij", screen.GetRowText(1));
        Assert.Equal((2, 1), (screen.CursorColumn, screen.CursorRow));
    }

    [Fact]
    public void Newline_and_carriage_return_move_the_cursor_and_scrolling_blanks_in_the_current_style()
    {
        var screen = new TextScreen(new TextMode(10, 2));
        screen.WriteLine("one").Write("twx\rtwo");
        Assert.Equal(["one", "two"], [screen.GetRowText(0), screen.GetRowText(1)]);

        screen.Style = Alert;
        screen.WriteLine();

        Assert.Equal("two", screen.GetRowText(0));
        Assert.Equal(string.Empty, screen.GetRowText(1));
        Assert.Equal(TextCell.Blank(Alert), screen[9, 1]);
        Assert.Equal(TextStyle.Default, screen[0, 0].Style);
    }

    [Fact]
    public void Write_with_a_style_colours_only_that_text()
    {
        var screen = new TextScreen(new TextMode(20, 1));

        screen.Write("[").Write("FAILED", Alert).Write("]");

        Assert.Equal(new TextCell('[', TextStyle.Default), screen[0, 0]);
        Assert.Equal(new TextCell('F', Alert), screen[1, 0]);
        Assert.Equal(new TextCell('D', Alert), screen[6, 0]);
        Assert.Equal(new TextCell(']', TextStyle.Default), screen[7, 0]);
    }

    [Fact]
    public void WriteAt_clips_at_every_edge_and_leaves_the_cursor_alone()
    {
        var screen = new TextScreen(new TextMode(5, 2));

        screen.WriteAt(-2, 0, "xxabc").WriteAt(3, 1, "defgh").WriteAt(0, 2, "gone").WriteAt(0, -1, "gone");

        Assert.Equal("abc", screen.GetRowText(0));
        Assert.Equal("   de", screen.GetRowText(1));
        Assert.Equal((0, 0), (screen.CursorColumn, screen.CursorRow));
    }

    [Fact]
    public void WriteCentered_centres_the_text()
    {
        var screen = new TextScreen(new TextMode(10, 1));
        screen.WriteCentered(0, "GRUB", Alert);
        Assert.Equal("   GRUB", screen.GetRowText(0));
    }

    [Fact]
    public void Inverse_swaps_foreground_and_background()
    {
        Assert.Equal(new TextStyle(VgaColor.Red, VgaColor.Yellow), Alert.Inverse);
        Assert.Equal(Alert, Alert.Inverse.Inverse);
        Assert.Equal(new TextStyle(VgaColor.LightGray, VgaColor.Black), TextStyle.Default);
    }

    [Fact]
    public void Styles_and_cells_describe_themselves_without_recursing_through_inverse()
    {
        Assert.Equal("Yellow on Red", Alert.ToString());
        Assert.Contains("Yellow on Red", new TextCell('x', Alert).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BoxLineStyle.SingleLine, "\u250C\u2500\u2500\u2510", "\u2502  \u2502", "\u2514\u2500\u2500\u2518")]
    [InlineData(BoxLineStyle.DoubleLine, "\u2554\u2550\u2550\u2557", "\u2551  \u2551", "\u255A\u2550\u2550\u255D")]
    [InlineData(BoxLineStyle.Ascii, "+--+", "|  |", "+--+")]
    public void DrawBox_frames_the_rectangle_and_keeps_its_inside(BoxLineStyle lines, string top, string middle, string bottom)
    {
        var screen = new TextScreen(new TextMode(6, 5));

        screen.DrawBox(1, 1, 4, 3, lines, Alert);

        Assert.Equal(" " + top, screen.GetRowText(1));
        Assert.Equal(" " + middle, screen.GetRowText(2));
        Assert.Equal(" " + bottom, screen.GetRowText(3));
        Assert.Equal(Alert, screen[1, 1].Style);
        Assert.Equal(TextStyle.Default, screen[2, 2].Style);
    }

    [Fact]
    public void Fill_is_clipped_to_the_screen()
    {
        var screen = new TextScreen(new TextMode(4, 3));

        screen.Fill(2, 1, 10, 10, '#', Alert);

        Assert.Equal(string.Empty, screen.GetRowText(0));
        Assert.Equal("  ##", screen.GetRowText(1));
        Assert.Equal("  ##", screen.GetRowText(2));
    }

    [Fact]
    public void Cells_outside_the_screen_are_refused()
    {
        var screen = new TextScreen(new TextMode(4, 3));

        Assert.Throws<ArgumentOutOfRangeException>(() => screen[4, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => screen[0, 3] = default);
        Assert.Throws<ArgumentOutOfRangeException>(() => screen.MoveCursor(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => screen.GetRowText(3));
    }

    [Fact]
    public void Clear_blanks_in_the_given_style_and_homes_the_cursor()
    {
        var screen = new TextScreen(new TextMode(4, 2));
        screen.Write("abcdef");

        screen.Clear(Alert);

        Assert.All(screen.Cells.ToArray(), cell => Assert.Equal(TextCell.Blank(Alert), cell));
        Assert.Equal((0, 0), (screen.CursorColumn, screen.CursorRow));
    }
}
