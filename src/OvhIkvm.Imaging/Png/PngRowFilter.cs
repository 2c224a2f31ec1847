namespace OvhIkvm.Imaging.Png;

/// <summary>
/// Per-row adaptive filtering (PNG specification, section 12.8): each row gets the filter whose output has the
/// smallest sum of absolute values as signed bytes, the heuristic libpng uses. Palette and sub-byte rows are not
/// filtered, except that a row identical to the previous one becomes all zeros through Up.
/// </summary>
internal static class PngRowFilter
{
    private const byte None = 0;
    private const byte Sub = 1;
    private const byte Up = 2;
    private const byte Average = 3;
    private const byte Paeth = 4;

    /// <summary>Writes the filter type byte and the filtered row into <paramref name="target"/> (length row + 1).</summary>
    public static void Apply(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int stride, bool adaptive, Span<byte> target)
    {
        byte filter;
        if (!previous.IsEmpty && row.SequenceEqual(previous))
        {
            filter = Up;
        }
        else if (!adaptive)
        {
            filter = None;
        }
        else
        {
            filter = Choose(row, previous, stride);
        }

        target[0] = filter;
        Filter(filter, row, previous, stride, target[1..]);
    }

    private static byte Choose(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int stride)
    {
        var best = None;
        var bestScore = Score(None, row, previous, stride, long.MaxValue);
        for (var filter = Sub; filter <= Paeth; filter++)
        {
            if (previous.IsEmpty && filter is Up or Paeth)
            {
                continue; // on the first row these equal None and Sub
            }

            var score = Score(filter, row, previous, stride, bestScore);
            if (score < bestScore)
            {
                best = filter;
                bestScore = score;
            }
        }

        return best;
    }

    private static long Score(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int stride, long giveUpAt)
    {
        long sum = 0;
        for (var x = 0; x < row.Length; x++)
        {
            var value = (byte)(row[x] - Predict(filter, row, previous, stride, x));
            sum += value < 128 ? value : 256 - value;
            if (sum >= giveUpAt)
            {
                break;
            }
        }

        return sum;
    }

    private static void Filter(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int stride, Span<byte> target)
    {
        switch (filter)
        {
            case None:
                row.CopyTo(target);
                break;
            case Up:
                for (var x = 0; x < row.Length; x++)
                {
                    target[x] = (byte)(row[x] - previous[x]);
                }

                break;
            default:
                for (var x = 0; x < row.Length; x++)
                {
                    target[x] = (byte)(row[x] - Predict(filter, row, previous, stride, x));
                }

                break;
        }
    }

    private static int Predict(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int stride, int x)
    {
        int left = x >= stride ? row[x - stride] : 0;
        if (filter == Sub)
        {
            return left;
        }

        int up = previous.IsEmpty ? 0 : previous[x];
        switch (filter)
        {
            case Up:
                return up;
            case Average:
                return (left + up) >> 1;
            case Paeth:
                int upLeft = previous.IsEmpty || x < stride ? 0 : previous[x - stride];
                return PaethPredictor(left, up, upLeft);
            default:
                return 0;
        }
    }

    private static int PaethPredictor(int left, int up, int upLeft)
    {
        var estimate = left + up - upLeft;
        var toLeft = Math.Abs(estimate - left);
        var toUp = Math.Abs(estimate - up);
        var toUpLeft = Math.Abs(estimate - upLeft);
        if (toLeft <= toUp && toLeft <= toUpLeft)
        {
            return left;
        }

        return toUp <= toUpLeft ? up : upLeft;
    }
}
