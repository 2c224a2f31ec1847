using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Png;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Screens;

public sealed class TextScreenRenderingTests
{
    private static readonly RgbColor YellowRgb = new(0xFF, 0xFF, 0x55);
    private static readonly RgbColor BlueRgb = new(0x00, 0x00, 0xAA);

    [Fact]
    public void A_known_glyph_lands_in_its_cell_in_its_colours()
    {
        var screen = new TextScreen(TextMode.Text80x25);
        screen.WriteAt(5, 2, "H", new TextStyle(VgaColor.Yellow, VgaColor.Blue));

        var frame = screen.Render();

        var (left, top) = (5 * 8, 2 * 16);
        Assert.Equal(YellowRgb, PixelAt(frame, left, top + 2)); // left stem, first cap row
        Assert.Equal(YellowRgb, PixelAt(frame, left + 5, top + 2)); // right stem
        Assert.Equal(BlueRgb, PixelAt(frame, left + 3, top + 2)); // between the stems
        Assert.Equal(YellowRgb, PixelAt(frame, left + 3, top + 6)); // the crossbar
        Assert.Equal(BlueRgb, PixelAt(frame, left + 7, top + 6)); // the spacing column
        Assert.Equal(BlueRgb, PixelAt(frame, left, top)); // the empty top row
        Assert.Equal(new RgbColor(0, 0, 0), PixelAt(frame, left - 1, top + 6)); // the neighbour cell is untouched black
        Assert.Equal(new RgbColor(0, 0, 0), PixelAt(frame, left, top + 16));
    }

    [Fact]
    public void Every_pixel_matches_the_glyph_bits_and_the_palette_for_every_character_and_colour()
    {
        var font = ConsoleFont.Default;
        var characters = font.Characters.Append('\u00E9').ToArray();
        var screen = new TextScreen(new TextMode(characters.Length, 16));
        for (var row = 0; row < screen.Rows; row++)
        {
            for (var column = 0; column < screen.Columns; column++)
            {
                var foreground = (VgaColor)((column + row) % 16);
                var background = (VgaColor)((column + (row * 3) + 7) % 16);
                screen[column, row] = new TextCell(characters[column], new TextStyle(foreground, background));
            }
        }

        var frame = screen.Render();

        Assert.Equal((screen.Columns * 8, 16 * 16), (frame.Width, frame.Height));
        for (var row = 0; row < screen.Rows; row++)
        {
            for (var column = 0; column < screen.Columns; column++)
            {
                var cell = screen[column, row];
                var glyph = font.GetGlyph(cell.Character);
                for (var y = 0; y < 16; y++)
                {
                    for (var x = 0; x < 8; x++)
                    {
                        var lit = (glyph[y] & (0x80 >> x)) != 0;
                        var expected = VgaPalette.ToRgb(lit ? cell.Style.Foreground : cell.Style.Background);
                        var actual = PixelAt(frame, (column * 8) + x, (row * 16) + y);
                        if (expected != actual)
                        {
                            Assert.Fail($"cell ({column},{row}) '{cell.Character}' pixel ({x},{y}): expected {expected}, got {actual}");
                        }
                    }
                }
            }
        }

        Assert.True(Enumerable.Range(0, frame.Width * frame.Height).All(i => frame.Pixels[(i * 4) + 3] == 255), "every pixel must be opaque");
    }

    [Fact]
    public void The_palette_is_the_vga_one()
    {
        Assert.Equal(new RgbColor(0xAA, 0x55, 0x00), VgaPalette.ToRgb(VgaColor.Brown));
        Assert.Equal(new RgbColor(0xAA, 0xAA, 0xAA), VgaPalette.ToRgb(VgaColor.LightGray));
        Assert.Equal(new RgbColor(0x55, 0x55, 0x55), VgaPalette.ToRgb(VgaColor.DarkGray));
        Assert.Equal(new RgbColor(0xFF, 0xFF, 0xFF), VgaPalette.ToRgb(VgaColor.White));
        Assert.Equal(16, Enum.GetValues<VgaColor>().Select(VgaPalette.ToRgb).Distinct().Count());
    }

    [Fact]
    public void A_visible_underline_cursor_paints_the_two_bottom_rows_of_its_cell()
    {
        var screen = new TextScreen(new TextMode(4, 2));
        screen.Write("ab");
        var without = screen.Render();

        screen.CursorVisible = true;
        var with = screen.Render();

        var light = VgaPalette.ToRgb(VgaColor.LightGray);
        for (var x = 16; x < 24; x++)
        {
            Assert.Equal(light, PixelAt(with, x, 14));
            Assert.Equal(light, PixelAt(with, x, 15));
            Assert.Equal(new RgbColor(0, 0, 0), PixelAt(with, x, 13));
        }

        Assert.Equal(8 * 2 * 3, DifferingBytes(without, with)); // 16 pixels, R, G and B each
    }

    [Fact]
    public void A_block_cursor_shows_its_cell_in_inverse_video()
    {
        var screen = new TextScreen(new TextMode(2, 1)) { CursorVisible = true, CursorShape = CursorShape.Block };
        screen.Write("H").MoveCursor(0, 0);
        var inverse = new TextScreen(new TextMode(2, 1));
        inverse.Write("H", TextStyle.Default.Inverse);

        Assert.True(screen.Render().ContentEquals(inverse.Render()));
    }

    [Fact]
    public void RenderInto_reuses_a_frame_of_the_same_size_and_refuses_another_size()
    {
        var screen = DemoScreens.Create(DemoScreenKind.KernelPanic, "ns1234567");
        var frame = Frame.CreateBlack(screen.Mode.Width, screen.Mode.Height, FrameLimits.Default);

        screen.RenderInto(frame);

        Assert.True(frame.ContentEquals(screen.Render()));
        Assert.Throws<ArgumentException>(() => screen.RenderInto(Frame.CreateBlack(640, 480, FrameLimits.Default)));
    }

    [Fact]
    public void A_rendered_screen_survives_a_png_round_trip()
    {
        var frame = DemoScreens.Render(DemoScreenKind.GrubMenu, "ns1234567");

        var decoded = PngReader.Read(PngEncoder.Encode(frame));

        ImageComparison.AssertIdentical(frame, decoded);
    }

    private static RgbColor PixelAt(Frame frame, int x, int y)
    {
        var offset = (y * frame.Stride) + (x * Frame.BytesPerPixel);
        return new RgbColor(frame.Pixels[offset], frame.Pixels[offset + 1], frame.Pixels[offset + 2]);
    }

    private static int DifferingBytes(Frame a, Frame b) =>
        Enumerable.Range(0, a.Pixels.Length).Count(i => a.Pixels[i] != b.Pixels[i]);
}
