using System.Runtime.Intrinsics;

namespace OvhIkvm.Imaging.Png;

/// <summary>
/// Per-row adaptive filtering (PNG specification, section 12.8): each row gets the filter whose output has the
/// smallest sum of absolute values as signed bytes, the heuristic libpng uses. Palette and sub-byte rows are not
/// filtered, except that a row identical to the previous one becomes all zeros through Up. Encoding predicts from
/// unfiltered bytes only, so every filter and the scoring run 16 bytes at a time (decoding Paeth could not).
/// </summary>
internal sealed class PngRowFilter
{
    private const byte None = 0;
    private const byte Sub = 1;
    private const byte Up = 2;
    private const byte Average = 3;
    private const byte Paeth = 4;

    private readonly int _stride;
    private readonly bool _adaptive;
    private byte[] _best;
    private byte[] _candidate;

    /// <param name="rowBytes">Bytes per unfiltered row.</param>
    /// <param name="stride">Bytes per complete pixel (at least 1): how far back Sub, Average and Paeth look.</param>
    /// <param name="adaptive">False for palette and sub-byte rows, where filters rarely help (specification 12.8).</param>
    public PngRowFilter(int rowBytes, int stride, bool adaptive)
    {
        _stride = stride;
        _adaptive = adaptive;
        _best = new byte[rowBytes + 1];
        _candidate = new byte[rowBytes + 1];
    }

    /// <summary>Filters <paramref name="row"/>; returns the filter type byte followed by the filtered bytes.</summary>
    public ReadOnlySpan<byte> Apply(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous)
    {
        if (!previous.IsEmpty && row.SequenceEqual(previous))
        {
            Write(Up, row, previous, _best);
            return _best;
        }

        if (!_adaptive)
        {
            Write(None, row, previous, _best);
            return _best;
        }

        Write(None, row, previous, _best);
        var bestScore = SumOfMagnitudes(_best.AsSpan(1));
        for (var filter = Sub; filter <= Paeth; filter++)
        {
            if (previous.IsEmpty && filter is Up or Paeth)
            {
                continue; // on the first row these equal None and Sub
            }

            Write(filter, row, previous, _candidate);
            var score = SumOfMagnitudes(_candidate.AsSpan(1));
            if (score < bestScore)
            {
                bestScore = score;
                (_best, _candidate) = (_candidate, _best);
            }
        }

        return _best;
    }

    private void Write(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, Span<byte> target)
    {
        target[0] = filter;
        var output = target[1..];
        if (previous.IsEmpty && filter is Up or Average or Paeth)
        {
            // Above the first row is a row of zeros: Up is None, Average halves the left byte, Paeth is Sub.
            WriteAgainstZeroRow(filter, row, output);
            return;
        }

        switch (filter)
        {
            case None:
                row.CopyTo(output);
                break;
            case Sub:
                row[.._stride].CopyTo(output);
                Subtract(row[_stride..], row, output[_stride..]);
                break;
            case Up:
                Subtract(row, previous, output);
                break;
            case Average:
                WriteAverage(row, previous, output);
                break;
            default:
                WritePaeth(row, previous, output);
                break;
        }
    }

    private void WriteAgainstZeroRow(byte filter, ReadOnlySpan<byte> row, Span<byte> output)
    {
        for (var x = 0; x < row.Length; x++)
        {
            int left = x >= _stride ? row[x - _stride] : 0;
            output[x] = filter switch
            {
                Average => (byte)(row[x] - (left >> 1)),
                Paeth => (byte)(row[x] - left),
                _ => row[x],
            };
        }
    }

    /// <summary>output[i] = a[i] - b[i], wrapping.</summary>
    private static void Subtract(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> output)
    {
        var x = 0;
        for (; x + Vector128<byte>.Count <= a.Length; x += Vector128<byte>.Count)
        {
            (Vector128.Create(a.Slice(x, Vector128<byte>.Count)) - Vector128.Create(b.Slice(x, Vector128<byte>.Count))).CopyTo(output[x..]);
        }

        for (; x < a.Length; x++)
        {
            output[x] = (byte)(a[x] - b[x]);
        }
    }

    private void WriteAverage(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, Span<byte> output)
    {
        for (var x = 0; x < _stride; x++)
        {
            output[x] = (byte)(row[x] - (previous[x] >> 1));
        }

        var i = _stride;
        for (; i + Vector128<byte>.Count <= row.Length; i += Vector128<byte>.Count)
        {
            var left = Vector128.Create(row.Slice(i - _stride, Vector128<byte>.Count));
            var up = Vector128.Create(previous.Slice(i, Vector128<byte>.Count));

            // floor((a + b) / 2) without widening: the common bits plus half the differing ones.
            var mean = (left & up) + Vector128.ShiftRightLogical(left ^ up, 1);
            (Vector128.Create(row.Slice(i, Vector128<byte>.Count)) - mean).CopyTo(output[i..]);
        }

        for (; i < row.Length; i++)
        {
            output[i] = (byte)(row[i] - ((row[i - _stride] + previous[i]) >> 1));
        }
    }

    private void WritePaeth(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, Span<byte> output)
    {
        for (var x = 0; x < _stride; x++)
        {
            output[x] = (byte)(row[x] - previous[x]); // left and upper-left are zero: Paeth picks up
        }

        var i = _stride;
        for (; i + Vector128<byte>.Count <= row.Length; i += Vector128<byte>.Count)
        {
            var (leftLow, leftHigh) = Vector128.Widen(Vector128.Create(row.Slice(i - _stride, Vector128<byte>.Count)));
            var (upLow, upHigh) = Vector128.Widen(Vector128.Create(previous.Slice(i, Vector128<byte>.Count)));
            var (upLeftLow, upLeftHigh) = Vector128.Widen(Vector128.Create(previous.Slice(i - _stride, Vector128<byte>.Count)));
            var predicted = Vector128.Narrow(
                PaethPredictor(leftLow.AsInt16(), upLow.AsInt16(), upLeftLow.AsInt16()).AsUInt16(),
                PaethPredictor(leftHigh.AsInt16(), upHigh.AsInt16(), upLeftHigh.AsInt16()).AsUInt16());
            (Vector128.Create(row.Slice(i, Vector128<byte>.Count)) - predicted).CopyTo(output[i..]);
        }

        for (; i < row.Length; i++)
        {
            int left = row[i - _stride];
            int up = previous[i];
            int upLeft = previous[i - _stride];
            var toLeft = Math.Abs(up - upLeft);
            var toUp = Math.Abs(left - upLeft);
            var toUpLeft = Math.Abs(left + up - upLeft - upLeft);
            var prediction = toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
            output[i] = (byte)(row[i] - prediction);
        }
    }

    /// <summary>The Paeth predictor (specification 9.4) on eight 16-bit lanes, ties broken left, up, upper-left.</summary>
    private static Vector128<short> PaethPredictor(Vector128<short> left, Vector128<short> up, Vector128<short> upLeft)
    {
        var toLeft = Vector128.Abs(up - upLeft);
        var toUp = Vector128.Abs(left - upLeft);
        var toUpLeft = Vector128.Abs(left + up - upLeft - upLeft);
        var pickLeft = Vector128.LessThanOrEqual(toLeft, toUp) & Vector128.LessThanOrEqual(toLeft, toUpLeft);
        var pickUp = Vector128.LessThanOrEqual(toUp, toUpLeft);
        return Vector128.ConditionalSelect(pickLeft, left, Vector128.ConditionalSelect(pickUp, up, upLeft));
    }

    /// <summary>Sum of |b| over the bytes read as signed values: small when a filter predicted well.</summary>
    private static long SumOfMagnitudes(ReadOnlySpan<byte> data)
    {
        var totals = Vector128<uint>.Zero;
        var x = 0;
        for (; x + Vector128<byte>.Count <= data.Length; x += Vector128<byte>.Count)
        {
            var value = Vector128.Create(data.Slice(x, Vector128<byte>.Count));
            var magnitude = Vector128.Min(value, Vector128<byte>.Zero - value);
            var (low, high) = Vector128.Widen(magnitude);
            var (lowSum, highSum) = Vector128.Widen(low + high);
            totals += lowSum + highSum;
        }

        long sum = Vector128.Sum(totals);
        for (; x < data.Length; x++)
        {
            var value = data[x];
            sum += value < 128 ? value : 256 - value;
        }

        return sum;
    }
}
