using System.Runtime.InteropServices;

namespace OvhIkvm.Imaging.Rendering;

/// <summary>
/// Resizing for the vision optimiser: exact nearest-neighbour enlargement by integer factors (glyph edges stay
/// hard, every output pixel is a source pixel), and an area (box-coverage) filter for any other scale, which
/// averages exactly the source area each output pixel covers: no ringing, and flat areas keep their colour.
/// Outputs are always opaque.
/// </summary>
internal static class FrameScaler
{
    private const int WeightBits = 14;
    private const int WeightOne = 1 << WeightBits;

    // The alpha byte of an RGBA pixel read as one native-endian uint.
    private static readonly uint OpaqueMask = BitConverter.IsLittleEndian ? 0xFF000000u : 0x000000FFu;

    public static Frame NearestNeighbour(Frame source, int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        var width = source.Width * factor;
        var height = source.Height * factor;
        var target = new byte[(long)width * height * Frame.BytesPerPixel];
        var targetPixels = MemoryMarshal.Cast<byte, uint>(target.AsSpan());
        var sourcePixels = MemoryMarshal.Cast<byte, uint>(source.Pixels.AsSpan());

        for (var y = 0; y < source.Height; y++)
        {
            var sourceRow = sourcePixels.Slice(y * source.Width, source.Width);
            var firstRow = targetPixels.Slice(y * factor * width, width);
            for (var x = 0; x < sourceRow.Length; x++)
            {
                firstRow.Slice(x * factor, factor).Fill(sourceRow[x] | OpaqueMask);
            }

            for (var copy = 1; copy < factor; copy++)
            {
                firstRow.CopyTo(targetPixels.Slice(((y * factor) + copy) * width, width));
            }
        }

        return new Frame(width, height, target);
    }

    /// <summary>Resamples to exactly <paramref name="width"/> x <paramref name="height"/> with the area filter.</summary>
    public static Frame Area(Frame source, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var columns = CoverageWeights.Build(source.Width, width);
        var rows = CoverageWeights.Build(source.Height, height);

        // Each source row is resampled horizontally once, into a ring just deep enough for the widest vertical
        // window, rather than into a whole width x source-height intermediate: at 1920x1080 to 1568x882 that
        // intermediate was 6.5 MiB, the largest buffer of a screenshot after the frame itself.
        var rowBytes = width * Frame.BytesPerPixel;
        var depth = rows.WidestWindow;
        var ring = new byte[depth * rowBytes];
        var nextSourceRow = 0;
        var target = new byte[rowBytes * height];
        var sums = new int[rowBytes];
        for (var y = 0; y < height; y++)
        {
            var taps = rows.Window(y, out var first);

            // Windows only move down, and one spans at most `depth` rows, so no row still needed is overwritten.
            for (; nextSourceRow < first + taps.Length; nextSourceRow++)
            {
                ResampleRow(source.Row(nextSourceRow), ring.AsSpan(nextSourceRow % depth * rowBytes, rowBytes), columns);
            }

            sums.AsSpan().Fill(WeightOne / 2);
            for (var t = 0; t < taps.Length; t++)
            {
                var weight = taps[t];
                var sourceRow = ring.AsSpan((first + t) % depth * rowBytes, rowBytes);
                for (var x = 0; x < sums.Length; x++)
                {
                    sums[x] += sourceRow[x] * weight;
                }
            }

            var targetRow = target.AsSpan(y * rowBytes, rowBytes);
            for (var x = 0; x < sums.Length; x++)
            {
                targetRow[x] = (byte)(sums[x] >> WeightBits);
            }
        }

        return new Frame(width, height, target);
    }

    private static void ResampleRow(ReadOnlySpan<byte> source, Span<byte> target, CoverageWeights weights)
    {
        for (var i = 0; i < weights.Count; i++)
        {
            var span = weights.Window(i, out var first);
            int r = WeightOne / 2, g = WeightOne / 2, b = WeightOne / 2;
            var offset = first * Frame.BytesPerPixel;
            foreach (var weight in span)
            {
                r += source[offset] * weight;
                g += source[offset + 1] * weight;
                b += source[offset + 2] * weight;
                offset += Frame.BytesPerPixel;
            }

            var o = i * Frame.BytesPerPixel;
            target[o] = (byte)(r >> WeightBits);
            target[o + 1] = (byte)(g >> WeightBits);
            target[o + 2] = (byte)(b >> WeightBits);
            target[o + 3] = byte.MaxValue;
        }
    }

    /// <summary>For each output sample, the run of source samples it covers and their fixed-point coverage weights.</summary>
    private sealed class CoverageWeights
    {
        private readonly int[] _first;
        private readonly int[] _start;
        private readonly int[] _weights;

        private CoverageWeights(int[] first, int[] start, int[] weights)
        {
            _first = first;
            _start = start;
            _weights = weights;
        }

        public int Count => _first.Length;

        /// <summary>The most source samples any one output sample covers.</summary>
        public int WidestWindow
        {
            get
            {
                var widest = 1;
                for (var i = 0; i < Count; i++)
                {
                    widest = Math.Max(widest, _start[i + 1] - _start[i]);
                }

                return widest;
            }
        }

        public ReadOnlySpan<int> Window(int i, out int first)
        {
            first = _first[i];
            return _weights.AsSpan(_start[i], _start[i + 1] - _start[i]);
        }

        public static CoverageWeights Build(int sourceLength, int targetLength)
        {
            var scale = (double)sourceLength / targetLength; // source samples per target sample
            var first = new int[targetLength];
            var start = new int[targetLength + 1];
            var weights = new List<int>(targetLength * ((int)Math.Ceiling(scale) + 1));
            for (var i = 0; i < targetLength; i++)
            {
                var left = i * scale;
                var right = Math.Min(sourceLength, (i + 1) * scale);
                var firstSample = (int)Math.Floor(left);
                var lastSample = Math.Min(sourceLength - 1, (int)Math.Ceiling(right) - 1);
                first[i] = firstSample;
                start[i] = weights.Count;
                var total = 0;
                var largest = weights.Count;
                for (var j = firstSample; j <= lastSample; j++)
                {
                    var coverage = Math.Min(right, j + 1) - Math.Max(left, j);
                    var weight = (int)Math.Round(coverage / (right - left) * WeightOne);
                    if (weights.Count == start[i] || weight > weights[largest])
                    {
                        largest = weights.Count;
                    }

                    weights.Add(weight);
                    total += weight;
                }

                // Rounding leftovers go to the heaviest tap, so the weights sum to exactly one and flat areas stay flat.
                weights[largest] += WeightOne - total;
            }

            start[targetLength] = weights.Count;
            return new CoverageWeights(first, start, [.. weights]);
        }
    }
}
