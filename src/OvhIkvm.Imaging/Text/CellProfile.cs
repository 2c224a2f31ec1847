using OvhIkvm.Imaging.Text.Fonts;

namespace OvhIkvm.Imaging.Text;

/// <summary>
/// Where a font's text changes colour inside a cell: per cell column, how often a pixel differs from the one above;
/// per cell row, how often a pixel differs from the one to its left (over the font's printable ASCII). Folding a
/// frame's own change counts by the cell size and correlating them with these finds the grid's phase.
/// </summary>
internal sealed record CellProfile(int CellWidth, int CellHeight, double[] Columns, double[] Rows)
{
    public static CellProfile Of(BitmapFont font, int cellWidth)
    {
        var columns = new double[cellWidth];
        var rows = new double[font.Height];
        for (var character = '!'; character <= '~'; character++)
        {
            if (!font.TryGetGlyph(character, out var glyph))
            {
                continue;
            }

            var glyphRows = font.GlyphRows(glyph);
            var above = 0;
            for (var y = 0; y < glyphRows.Length; y++)
            {
                var bits = (int)glyphRows[y];
                var verticalChanges = bits ^ above;
                for (var x = 0; x < BitmapFont.GlyphWidth; x++)
                {
                    columns[x] += (verticalChanges >> (7 - x)) & 1;
                }

                // The pixel left of column 0 is the previous cell's blank edge; a 9th column is blank too.
                var horizontalChanges = (bits ^ (bits >> 1)) & 0xFF;
                rows[y] += System.Numerics.BitOperations.PopCount((uint)horizontalChanges) + (cellWidth > 8 ? bits & 1 : 0);
                above = bits;
            }
        }

        return new CellProfile(cellWidth, font.Height, columns, rows);
    }

    /// <summary>
    /// The phases of <paramref name="counts"/> folded by the template's length, best correlated first (at most
    /// <paramref name="take"/>): a screen with little text leaves the runner-up nearly as good as the truth.
    /// </summary>
    public static (int Phase, double Correlation)[] BestPhases(ReadOnlySpan<long> counts, double[] template, int take)
    {
        var period = template.Length;
        Span<double> folded = stackalloc double[period];
        for (var i = 0; i < counts.Length; i++)
        {
            folded[i % period] += counts[i];
        }

        var phases = new (int Phase, double Correlation)[period];
        for (var phase = 0; phase < period; phase++)
        {
            phases[phase] = (phase, Correlation(folded, template, phase));
        }

        return [.. phases.OrderByDescending(phase => phase.Correlation).Take(take)];
    }

    private static double Correlation(ReadOnlySpan<double> folded, double[] template, int phase)
    {
        var n = template.Length;
        double sumA = 0, sumB = 0;
        for (var k = 0; k < n; k++)
        {
            sumA += folded[(phase + k) % n];
            sumB += template[k];
        }

        double meanA = sumA / n, meanB = sumB / n, covariance = 0, varianceA = 0, varianceB = 0;
        for (var k = 0; k < n; k++)
        {
            var a = folded[(phase + k) % n] - meanA;
            var b = template[k] - meanB;
            covariance += a * b;
            varianceA += a * a;
            varianceB += b * b;
        }

        return varianceA <= 0 || varianceB <= 0 ? 0 : covariance / Math.Sqrt(varianceA * varianceB);
    }
}
