using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OvhIkvm.Simulators.Screens;

/// <summary>Turns a <see cref="TextScreen"/> into RGBA32 pixels.</summary>
/// <remarks>
/// Works scan line by scan line rather than cell by cell, so the 3 MiB of a 1024x768 frame are written front to back
/// in one sequential pass. Each text row's glyph offsets and colours are resolved once into stack buffers; each glyph
/// row (8 pixels) then becomes one 256-bit select where the hardware has it, a byte loop where it does not.
/// </remarks>
internal static class TextScreenRenderer
{
    private const int PaletteSize = 16;

    // 1024 columns x 8 pixels is wider than FrameLimits.Default allows; 3 x 4 KiB of stack at most.
    private const int MaxColumns = 1024;

    public static void Render(TextScreen screen, ConsoleFont font, Span<byte> rgba)
    {
        Span<uint> palette = stackalloc uint[PaletteSize];
        for (var i = 0; i < PaletteSize; i++)
        {
            palette[i] = VgaPalette.ToRgba32Pixel((VgaColor)i);
        }

        var columns = screen.Columns;
        if (columns > MaxColumns)
        {
            throw new InvalidOperationException($"A text screen wider than {MaxColumns} columns cannot be rendered.");
        }

        Span<int> glyphOffsets = stackalloc int[columns];
        Span<uint> foregrounds = stackalloc uint[columns];
        Span<uint> backgrounds = stackalloc uint[columns];
        var glyphRows = font.AllGlyphRows;
        var pixels = MemoryMarshal.Cast<byte, uint>(rgba);
        var width = screen.Mode.Width;
        var cells = screen.Cells;
        for (var row = 0; row < screen.Rows; row++)
        {
            var rowCells = cells.Slice(row * columns, columns);
            for (var column = 0; column < columns; column++)
            {
                var cell = rowCells[column];
                glyphOffsets[column] = font.GlyphIndex(cell.Character) * ConsoleFont.GlyphHeight;
                foregrounds[column] = palette[(int)cell.Style.Foreground & 0xF];
                backgrounds[column] = palette[(int)cell.Style.Background & 0xF];
            }

            for (var y = 0; y < ConsoleFont.GlyphHeight; y++)
            {
                var line = pixels.Slice(((row * ConsoleFont.GlyphHeight) + y) * width, width);
                for (var column = 0; column < columns; column++)
                {
                    DrawGlyphRow(glyphRows[glyphOffsets[column] + y], foregrounds[column], backgrounds[column], line.Slice(column * ConsoleFont.GlyphWidth, ConsoleFont.GlyphWidth));
                }
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
        var glyph = font.GlyphRows(font.GlyphIndex(cell.Character));
        for (var y = 0; y < ConsoleFont.GlyphHeight; y++)
        {
            var pixelsOfRow = pixels.Slice(origin + (y * width), ConsoleFont.GlyphWidth);
            if (screen.CursorShape == CursorShape.Block)
            {
                DrawGlyphRow(glyph[y], background, foreground, pixelsOfRow);
            }
            else if (y >= ConsoleFont.GlyphHeight - 2)
            {
                pixelsOfRow.Fill(foreground);
            }
        }
    }

    private static void DrawGlyphRow(byte bits, uint foreground, uint background, Span<uint> eightPixels)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            // One lane per pixel: a lane keeps the foreground where its bit of the glyph row is set.
            var bitOfLane = Vector256.Create(0x80u, 0x40u, 0x20u, 0x10u, 0x08u, 0x04u, 0x02u, 0x01u);
            var lit = Vector256.Equals(Vector256.Create((uint)bits) & bitOfLane, bitOfLane);
            Vector256.ConditionalSelect(lit, Vector256.Create(foreground), Vector256.Create(background)).CopyTo(eightPixels);
            return;
        }

        for (var x = 0; x < ConsoleFont.GlyphWidth; x++)
        {
            eightPixels[x] = (bits & (0x80 >> x)) != 0 ? foreground : background;
        }
    }
}
