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

    /// <summary>Each source pixel becomes a <paramref name="factor"/> x <paramref name="factor"/> square.</summary>
    public static IImageRows NearestNeighbour(IImageRows source, int factor)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        return new NearestNeighbourRows(source, factor);
    }

    /// <summary>Resamples to exactly <paramref name="width"/> x <paramref name="height"/> with the area filter.</summary>
    public static IImageRows Area(IImageRows source, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return new AreaRows(source, width, height);
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

    private sealed class NearestNeighbourRows(IImageRows source, int factor) : IImageRows
    {
        private readonly byte[] _row = new byte[(long)source.Width * factor * Frame.BytesPerPixel];
        private int _sourceRow = -1;

        public int Width { get; } = source.Width * factor;

        public int Height { get; } = source.Height * factor;

        public bool AlwaysOpaque => true;

        public ReadOnlySpan<byte> Row(int y)
        {
            // The factor rows of one source row are the same: it is widened once.
            if (y / factor != _sourceRow)
            {
                _sourceRow = y / factor;
                var sourcePixels = MemoryMarshal.Cast<byte, uint>(source.Row(_sourceRow));
                var targetPixels = MemoryMarshal.Cast<byte, uint>(_row.AsSpan());
                for (var x = 0; x < sourcePixels.Length; x++)
                {
                    targetPixels.Slice(x * factor, factor).Fill(sourcePixels[x] | OpaqueMask);
                }
            }

            return _row;
        }
    }

    /// <summary>
    /// Each source row is resampled horizontally once, into a ring just deep enough for the widest vertical window,
    /// then each output row sums its window of the ring: no whole-image intermediate (at 1920x1080 to 1568x882 one
    /// was 6.5 MiB).
    /// </summary>
    private sealed class AreaRows : IImageRows
    {
        private readonly IImageRows _source;
        private readonly CoverageWeights _columns;
        private readonly CoverageWeights _rows;
        private readonly int _rowBytes;
        private readonly int _depth;
        private readonly byte[] _ring;
        private readonly int[] _sums;
        private readonly byte[] _row;
        private int _nextSourceRow;
        private int _lastRow = -1;

        public AreaRows(IImageRows source, int width, int height)
        {
            _source = source;
            Width = width;
            Height = height;
            _columns = CoverageWeights.Build(source.Width, width);
            _rows = CoverageWeights.Build(source.Height, height);
            _rowBytes = width * Frame.BytesPerPixel;
            _depth = _rows.WidestWindow;
            _ring = new byte[_depth * _rowBytes];
            _sums = new int[_rowBytes];
            _row = new byte[_rowBytes];
        }

        public int Width { get; }

        public int Height { get; }

        public bool AlwaysOpaque => true;

        public ReadOnlySpan<byte> Row(int y)
        {
            if (y == _lastRow)
            {
                return _row;
            }

            if (y < _lastRow)
            {
                _nextSourceRow = 0;
            }

            _lastRow = y;
            var taps = _rows.Window(y, out var first);

            // Windows only move down, and one spans at most _depth rows, so no row still needed is overwritten.
            _nextSourceRow = Math.Max(_nextSourceRow, first);
            for (; _nextSourceRow < first + taps.Length; _nextSourceRow++)
            {
                ResampleRow(_source.Row(_nextSourceRow), _ring.AsSpan(_nextSourceRow % _depth * _rowBytes, _rowBytes), _columns);
            }

            var sums = _sums.AsSpan();
            sums.Fill(WeightOne / 2);
            for (var t = 0; t < taps.Length; t++)
            {
                var weight = taps[t];
                var sourceRow = _ring.AsSpan((first + t) % _depth * _rowBytes, _rowBytes);
                for (var x = 0; x < sums.Length; x++)
                {
                    sums[x] += sourceRow[x] * weight;
                }
            }

            for (var x = 0; x < sums.Length; x++)
            {
                _row[x] = (byte)(sums[x] >> WeightBits);
            }

            return _row;
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
