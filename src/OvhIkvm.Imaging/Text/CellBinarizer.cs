namespace OvhIkvm.Imaging.Text;

/// <summary>
/// Turns one character cell into a glyph-shaped bit pattern, against the cell's own background, so colours, inverse
/// video and the ringing of lossy codecs around strokes all reduce to the same bits.
/// </summary>
internal static class CellBinarizer
{
    /// <summary>
    /// Below this much difference (sum of R, G and B distances) between the background and the most distant pixel,
    /// a cell is blank: compression noise on a flat area stays well under it; the dimmest VGA text (dark grey on
    /// black, 3 x 85) is well over.
    /// </summary>
    public const int MinimumContrast = 72;

    // Corners closer than this are the same colour: lossy noise on a flat background.
    private const int SameColour = 48;

    /// <summary>
    /// Reads the cell whose top-left pixel is (<paramref name="left"/>, <paramref name="top"/>); only its first 8
    /// columns make the pattern (a 9-dot VGA cell's 9th column is blank or a copy of the 8th). Returns 0 for a blank
    /// cell. <paramref name="contrast"/> is the largest distance from the background found. <paramref name="background"/> says which colour the previous cell of the row stood on, and is updated.
    /// </summary>
    public static UInt128 Read(ReadOnlySpan<uint> pixels, int stride, int left, int top, int cellWidth, int cellHeight, ref uint background, out int contrast)
    {
        var topRow = top * stride;
        var bottomRow = (top + cellHeight - 1) * stride;
        var right = left + cellWidth - 1;
        background = ChooseBackground(pixels[topRow + left], pixels[topRow + right], pixels[bottomRow + left], pixels[bottomRow + right], background);

        // Lossless blank cells (most of a console) are one colour: settle them without arithmetic.
        if (IsUniform(pixels, stride, left, top, cellHeight, background))
        {
            contrast = 0;
            return 0;
        }

        Span<int> distances = stackalloc int[8 * 16];
        var maximum = 0;
        for (var y = 0; y < cellHeight; y++)
        {
            var row = pixels.Slice(((top + y) * stride) + left, 8);
            for (var x = 0; x < 8; x++)
            {
                var distance = Distance(row[x], background);
                distances[(y * 8) + x] = distance;
                maximum = Math.Max(maximum, distance);
            }
        }

        contrast = maximum;
        if (maximum < MinimumContrast)
        {
            return 0;
        }

        // Half way between the background and the strongest stroke: ringing overshoots on both sides of an edge,
        // but never by half the contrast.
        var threshold = maximum / 2;
        UInt128 pattern = 0;
        for (var y = 0; y < cellHeight; y++)
        {
            uint bits = 0;
            for (var x = 0; x < 8; x++)
            {
                if (distances[(y * 8) + x] > threshold)
                {
                    bits |= 0x80u >> x;
                }
            }

            pattern |= (UInt128)bits << (8 * y);
        }

        return pattern;
    }

    private static bool IsUniform(ReadOnlySpan<uint> pixels, int stride, int left, int top, int cellHeight, uint background)
    {
        for (var y = 0; y < cellHeight; y++)
        {
            foreach (var pixel in pixels.Slice(((top + y) * stride) + left, 8))
            {
                if (pixel != background)
                {
                    return false;
                }
            }
        }

        return true;
    }

    public static int Distance(uint a, uint b) =>
        Math.Abs((int)(a & 0xFF) - (int)(b & 0xFF))
        + Math.Abs((int)((a >> 8) & 0xFF) - (int)((b >> 8) & 0xFF))
        + Math.Abs((int)((a >> 16) & 0xFF) - (int)((b >> 16) & 0xFF));

    // The background is the colour of most corners (glyphs rarely touch them). When the corners split two against
    // two (half blocks), the colour the previous cell stood on decides, which keeps a highlighted bar consistent.
    private static uint ChooseBackground(uint topLeft, uint topRight, uint bottomLeft, uint bottomRight, uint previous)
    {
        Span<uint> corners = [topLeft, topRight, bottomLeft, bottomRight];
        var bestVotes = 0;
        var best = topLeft;
        foreach (var candidate in corners)
        {
            var votes = 0;
            foreach (var other in corners)
            {
                if (Distance(candidate, other) <= SameColour)
                {
                    votes++;
                }
            }

            var better = votes > bestVotes
                || (votes == bestVotes && Distance(candidate, previous) <= SameColour && Distance(best, previous) > SameColour);
            if (better)
            {
                bestVotes = votes;
                best = candidate;
            }
        }

        return best;
    }
}
