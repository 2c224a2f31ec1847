using OvhIkvm.Imaging.Text;
using OvhIkvm.Imaging.Text.Fonts;
using OvhIkvm.Simulators.Screens;

namespace OvhIkvm.Imaging.Tests.Text;

/// <summary>
/// Draws a <see cref="TextScreen"/> with any shipped font into a frame of any size, at any origin and with 8- or
/// 9-dot cells (a 9-dot VGA widens the CP437 line graphics): the layouts real consoles show that the simulators'
/// 8x16 renderer does not.
/// </summary>
internal static class ConsolePainter
{
    public static Frame Paint(TextScreen screen, BitmapFont font, int cellWidth, int width, int height, int originX, int originY, VgaColor margin = VgaColor.Black)
    {
        var pixels = new byte[width * height * Frame.BytesPerPixel];
        var frame = new Frame(width, height, pixels);
        var marginColour = VgaPalette.ToRgb(margin);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                Set(frame, x, y, marginColour);
            }
        }

        font.TryGetGlyph(ConsoleText.ReplacementCharacter, out var replacement);
        for (var row = 0; row < screen.Rows; row++)
        {
            for (var column = 0; column < screen.Columns; column++)
            {
                var cell = screen[column, row];
                var glyph = font.TryGetGlyph(cell.Character, out var found) ? found : replacement;
                var rows = font.GlyphRows(glyph);
                var foreground = VgaPalette.ToRgb(cell.Style.Foreground);
                var background = VgaPalette.ToRgb(cell.Style.Background);
                var left = originX + (column * cellWidth);
                var top = originY + (row * font.Height);
                for (var y = 0; y < font.Height; y++)
                {
                    for (var x = 0; x < cellWidth; x++)
                    {
                        var lit = x < 8 ? (rows[y] & (0x80 >> x)) != 0 : font.WidensInNineDotCells(glyph) && (rows[y] & 1) != 0;
                        Set(frame, left + x, top + y, lit ? foreground : background);
                    }
                }
            }
        }

        return frame;
    }

    /// <summary>What the recogniser should read: each row's characters (the font's own for look-alikes), trailing blanks trimmed.</summary>
    public static IReadOnlyList<string> ExpectedRows(TextScreen screen, BitmapFont font)
    {
        var rows = new List<string>(screen.Rows);
        for (var row = 0; row < screen.Rows; row++)
        {
            var line = new char[screen.Columns];
            for (var column = 0; column < screen.Columns; column++)
            {
                var character = screen[column, row].Character;
                line[column] = font.Contains(character) ? character : ConsoleText.ReplacementCharacter;
            }

            rows.Add(new string(line).TrimEnd(' '));
        }

        return rows;
    }

    private static void Set(Frame frame, int x, int y, RgbColor colour)
    {
        if (x < 0 || y < 0 || x >= frame.Width || y >= frame.Height)
        {
            return;
        }

        var offset = (y * frame.Stride) + (x * Frame.BytesPerPixel);
        frame.Pixels[offset] = colour.R;
        frame.Pixels[offset + 1] = colour.G;
        frame.Pixels[offset + 2] = colour.B;
        frame.Pixels[offset + 3] = 255;
    }
}
