namespace OvhIkvm.Imaging.Text;

/// <summary>
/// Finds a block cursor: fbcon's is the cell in inverse video, which <see cref="CellBinarizer"/> already reads as the
/// character under it, so the cursor shows only as the one cell whose background no neighbour shares.
/// </summary>
/// <remarks>
/// A cell counts when its background differs, by at least text's contrast, from that of each of its (up to four)
/// neighbours and those neighbours agree with each other; highlighted bars, fields and boxes span several cells, so
/// they never do. Its background must also be most of the cell: a lossy small glyph whose corners took the ink's
/// colour (VGA 8x8 through ASPEED 4:2:0) is mostly "ink" against them. A screen has one cursor: two such cells (a
/// one-cell highlight somewhere, a lone full block) and none is claimed.
/// </remarks>
internal static class BlockCursor
{
    /// <summary>
    /// The one isolated cell of a <paramref name="columns"/> x <paramref name="rows"/> grid of
    /// <paramref name="cellHeight"/>-row cells, given each cell's background colour and binarised pattern row by row,
    /// or <see langword="null"/>.
    /// </summary>
    public static ConsoleCursor? Find(ReadOnlySpan<uint> backgrounds, ReadOnlySpan<UInt128> patterns, int columns, int rows, int cellHeight)
    {
        ConsoleCursor? found = null;
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                if ((int)UInt128.PopCount(patterns[(row * columns) + column]) * 2 >= 8 * cellHeight || !IsIsolated(backgrounds, columns, rows, column, row))
                {
                    continue;
                }

                if (found is not null)
                {
                    return null;
                }

                found = new ConsoleCursor(row, column);
            }
        }

        return found;
    }

    private static bool IsIsolated(ReadOnlySpan<uint> backgrounds, int columns, int rows, int column, int row)
    {
        var own = backgrounds[(row * columns) + column];
        uint? surrounding = null;
        var neighbours = 0;
        foreach (var (x, y) in (ReadOnlySpan<(int, int)>)[(column - 1, row), (column + 1, row), (column, row - 1), (column, row + 1)])
        {
            if (x < 0 || y < 0 || x >= columns || y >= rows)
            {
                continue;
            }

            var neighbour = backgrounds[(y * columns) + x];
            if (CellBinarizer.Distance(neighbour, own) < CellBinarizer.MinimumContrast
                || (surrounding is { } other && CellBinarizer.Distance(neighbour, other) > CellBinarizer.SameColour))
            {
                return false;
            }

            surrounding ??= neighbour;
            neighbours++;
        }

        return neighbours >= 2;
    }
}
