namespace OvhIkvm.Imaging.Text;

/// <summary>
/// Reads a cell that holds the console's underline cursor, a bar across the cell's bottom rows, as the character under
/// it. The recogniser asks only for cells no glyph matches exactly, and claims at most one per screen.
/// </summary>
/// <remarks>
/// <para>Two shapes, from the code that draws them. The Linux framebuffer console (fbcon's soft cursor) XORs the last
/// 2 rows of the cell (the last row when the font is under 10 rows high), so the glyph comes back exactly by XORing
/// them again. A VGA, in text mode, paints its rows in the foreground colour, and Linux's vgacon and the VGA BIOS put
/// them at rows height-3 and height-2 (height-2 and height-1 under 10 rows); a glyph's ink in those rows is lost, so
/// those rows are left out of the comparison.</para>
/// <para>What tells the cursor from an underscore: in the shipped fonts <c>_</c> is one row thick (VGA: full width,
/// row 13 of 16; Fixed and Terminus: 6 or 7 pixels wide), and an exact glyph always wins. The exception is fbcon
/// with VGA 8x8, whose 1-row cursor is exactly VGA 8x8's <c>_</c>: on a blank cell it reads as <c>_</c>.</para>
/// </remarks>
internal static class UnderlineCursor
{
    // fbcon draws a 1-row cursor under 10-row fonts, vgacon moves its 2 rows to the bottom: drivers/video/fbdev/core/
    // bitblit.c and drivers/video/console/vgacon.c.
    private const int SmallFontHeight = 10;

    /// <summary>
    /// The character under the cursor, when <paramref name="pattern"/> is a cursor over a glyph or a blank (then a
    /// space). <paramref name="exact"/> says the bar and the glyph account for every pixel; otherwise the glyph was the
    /// single nearest outside the bar's rows (a lossy frame, or a VGA cursor over a descender).
    /// </summary>
    public static bool TryRead(GlyphMatcher matcher, UInt128 pattern, out char under, out bool exact)
    {
        var height = matcher.Font.Height;
        var framebuffer = height < SmallFontHeight ? Rows(height - 1, 1) : Rows(height - 2, 2);
        var vga = height < SmallFontHeight ? Rows(height - 2, 2) : Rows(height - 3, 2);

        // fbcon's XOR first: it restores the glyph bit for bit, descenders included (their rows are then not full).
        var restored = pattern ^ framebuffer;
        under = ' ';
        if (restored == 0 || matcher.TryMatchExactly(restored, out under))
        {
            exact = true;
            return true;
        }

        foreach (var bar in (ReadOnlySpan<UInt128>)[vga, framebuffer])
        {
            if ((pattern & bar) != bar)
            {
                continue;
            }

            // A glyph with no ink of its own under the bar first (most are); else the one whose visible rows are
            // nearest, which a VGA cursor can make ambiguous (VGA 8x16's g and q differ only in the rows it covers).
            var outside = pattern & ~bar;
            under = ' ';
            if (outside == 0 || matcher.TryMatchExactly(outside, out under))
            {
                // outside == 0: a blank cell, or a glyph drawn only in the bar's rows (VGA's underscore under a VGA
                // cursor); the cursor after a prompt is by far the likelier.
                exact = true;
                return true;
            }

            if (matcher.TryMatchOutside(outside, bar, out under, out var distance))
            {
                exact = distance == 0;
                return true;
            }
        }

        under = ConsoleText.ReplacementCharacter;
        exact = false;
        return false;
    }

    private static UInt128 Rows(int first, int count) => (((UInt128)1 << (8 * count)) - 1) << (8 * first);
}
