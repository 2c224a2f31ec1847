using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OvhIkvm.Simulators.Screens;

/// <summary>Turns a <see cref="TextScreen"/> into RGBA32 pixels, one glyph row (8 pixels) at a time.</summary>
internal static class TextScreenRenderer
{
    private const int PaletteSize = 16;

    public static void Render(TextScreen screen, ConsoleFont font, Span<byte> rgba)
    {
        Span<uint> palette = stackalloc uint[PaletteSize];
        for (var i = 0; i < PaletteSize; i++)
        {
            palette[i] = VgaPalette.ToRgba32Pixel((VgaColor)i);
        }

        var pixels = MemoryMarshal.Cast<byte, uint>(rgba);
        var width = screen.Mode.Width;
        var cells = screen.Cells;
        for (var row = 0; row < screen.Rows; row++)
        {
            for (var column = 0; column < screen.Columns; column++)
            {
                var cell = cells[(row * screen.Columns) + column];
                var glyph = font.GlyphRows(font.GlyphIndex(cell.Character));
                var origin = (row * ConsoleFont.GlyphHeight * width) + (column * ConsoleFont.GlyphWidth);
                DrawGlyph(glyph, palette[(int)cell.Style.Foreground & 0xF], palette[(int)cell.Style.Background & 0xF], pixels[origin..], width);
            }
        }

        if (screen.CursorVisible && screen.CursorColumn < screen.Columns)
        {
            DrawCursor(screen, font, palette, pixels, width);
        }
    }

    private static void DrawCursor(TextScreen screen, ConsoleFont font, ReadOnlySpan<uint> palette, Span<uint> pixels, int width)
    {
        var cell = screen[screen.CursorColumn, screen.CursorRow];
        var origin = (screen.CursorRow * ConsoleFont.GlyphHeight * width) + (screen.CursorColumn * ConsoleFont.GlyphWidth);
        var foreground = palette[(int)cell.Style.Foreground & 0xF];
        var background = palette[(int)cell.Style.Background & 0xF];
        if (screen.CursorShape == CursorShape.Block)
        {
            DrawGlyph(font.GlyphRows(font.GlyphIndex(cell.Character)), background, foreground, pixels[origin..], width);
            return;
        }

        for (var y = ConsoleFont.GlyphHeight - 2; y < ConsoleFont.GlyphHeight; y++)
        {
            pixels.Slice(origin + (y * width), ConsoleFont.GlyphWidth).Fill(foreground);
        }
    }

    private static void DrawGlyph(ReadOnlySpan<byte> glyph, uint foreground, uint background, Span<uint> pixels, int stride)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            // One 256-bit lane per pixel of the glyph row: each lane keeps the foreground where its bit is set.
            var bitOfLane = Vector256.Create(0x80u, 0x40u, 0x20u, 0x10u, 0x08u, 0x04u, 0x02u, 0x01u);
            var foregrounds = Vector256.Create(foreground);
            var backgrounds = Vector256.Create(background);
            for (var y = 0; y < ConsoleFont.GlyphHeight; y++)
            {
                var bits = Vector256.Create((uint)glyph[y]) & bitOfLane;
                Vector256.ConditionalSelect(Vector256.Equals(bits, bitOfLane), foregrounds, backgrounds)
                    .CopyTo(pixels.Slice(y * stride, ConsoleFont.GlyphWidth));
            }

            return;
        }

        for (var y = 0; y < ConsoleFont.GlyphHeight; y++)
        {
            var bits = glyph[y];
            var line = pixels.Slice(y * stride, ConsoleFont.GlyphWidth);
            for (var x = 0; x < ConsoleFont.GlyphWidth; x++)
            {
                line[x] = (bits & (0x80 >> x)) != 0 ? foreground : background;
            }
        }
    }
}
