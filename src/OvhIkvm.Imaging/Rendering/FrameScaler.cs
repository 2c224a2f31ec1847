using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    /// was 6.5 MiB). Both passes are vectorised in 32-bit integer lanes, so the sums, and therefore the bytes, are
    /// exactly those of the per-channel scalar loop.
    /// </summary>
    private sealed class AreaRows : IImageRows
    {
        private readonly IImageRows _source;
        private readonly HorizontalTaps _columns;
        private readonly CoverageWeights _rows;
        private readonly int _rowBytes;
        private readonly int _depth;
        private readonly byte[] _ring;
        private readonly int[] _windowOffsets;
        private readonly byte[] _row;
        private int _nextSourceRow;
        private int _lastRow = -1;

        public AreaRows(IImageRows source, int width, int height)
        {
            _source = source;
            Width = width;
            Height = height;
            _columns = new HorizontalTaps(CoverageWeights.Build(source.Width, width), source.Width);
            _rows = CoverageWeights.Build(source.Height, height);
            _rowBytes = width * Frame.BytesPerPixel;
            _depth = _rows.WidestWindow;
            _ring = new byte[_depth * _rowBytes];
            _windowOffsets = new int[_depth];
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
                _columns.Resample(_source.Row(_nextSourceRow), _ring.AsSpan(_nextSourceRow % _depth * _rowBytes, _rowBytes));
            }

            if (taps.Length == 1)
            {
                // A lone tap weighs exactly WeightOne: the sum rounds back to the ring's bytes.
                _ring.AsSpan(first % _depth * _rowBytes, _rowBytes).CopyTo(_row);
                return _row;
            }

            var offsets = _windowOffsets.AsSpan(0, taps.Length);
            for (var t = 0; t < taps.Length; t++)
            {
                offsets[t] = (first + t) % _depth * _rowBytes;
            }

            SumWindow(_ring, offsets, taps, _row);
            return _row;
        }

        /// <summary>
        /// target[x] = sum over taps of rows[offset + x] * weight, rounded: the vertical pass. Byte columns are
        /// independent, so they go a vector at a time with the window's rows summed in registers, the tail by hand.
        /// </summary>
        private static void SumWindow(ReadOnlySpan<byte> ring, ReadOnlySpan<int> offsets, ReadOnlySpan<int> weights, Span<byte> target)
        {
            var x = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var half = new Vector<int>(WeightOne / 2);
                for (; x <= target.Length - Vector<byte>.Count; x += Vector<byte>.Count)
                {
                    Vector<int> sum0 = half, sum1 = half, sum2 = half, sum3 = half;
                    for (var t = 0; t < offsets.Length; t++)
                    {
                        var weight = new Vector<int>(weights[t]);
                        Vector.Widen(new Vector<byte>(ring.Slice(offsets[t] + x)), out var low, out var high);
                        Vector.Widen(low, out var v0, out var v1);
                        Vector.Widen(high, out var v2, out var v3);
                        sum0 += Vector.AsVectorInt32(v0) * weight;
                        sum1 += Vector.AsVectorInt32(v1) * weight;
                        sum2 += Vector.AsVectorInt32(v2) * weight;
                        sum3 += Vector.AsVectorInt32(v3) * weight;
                    }

                    // Every sum is at most 255 << WeightBits, so the narrowing truncations lose nothing.
                    var words0 = Vector.Narrow(Vector.ShiftRightLogical(sum0, WeightBits), Vector.ShiftRightLogical(sum1, WeightBits));
                    var words1 = Vector.Narrow(Vector.ShiftRightLogical(sum2, WeightBits), Vector.ShiftRightLogical(sum3, WeightBits));
                    Vector.Narrow(Vector.AsVectorUInt16(words0), Vector.AsVectorUInt16(words1)).CopyTo(target.Slice(x));
                }
            }

            for (; x < target.Length; x++)
            {
                var sum = WeightOne / 2;
                for (var t = 0; t < offsets.Length; t++)
                {
                    sum += ring[offsets[t] + x] * weights[t];
                }

                target[x] = (byte)(sum >> WeightBits);
            }
        }
    }

    /// <summary>
    /// The horizontal pass, with every output pixel's window padded to the same number of taps (zero weights on the
    /// neighbouring pixels of the row) so the loop has no per-pixel length, and the four channels of a pixel summed
    /// as one vector of 32-bit lanes. Alpha is summed along and then overwritten: the output is opaque.
    /// </summary>
    private sealed class HorizontalTaps
    {
        private readonly int[] _first;
        private readonly int[] _weights;
        private readonly int[] _weightPairs;
        private readonly int _taps;

        public HorizontalTaps(CoverageWeights columns, int sourceWidth)
        {
            _taps = columns.WidestWindow;
            _first = new int[columns.Count];
            _weights = new int[columns.Count * _taps];
            for (var i = 0; i < columns.Count; i++)
            {
                var window = columns.Window(i, out var first);

                // Windows at the right edge may be narrower; they start further left instead so every tap is inside.
                _first[i] = Math.Min(first, sourceWidth - _taps);
                window.CopyTo(_weights.AsSpan((i * _taps) + (first - _first[i])));
            }

            // The two weights of a two-tap window as the 16-bit lanes (first, second) of one little-endian int, for
            // the x86 path.
            _weightPairs = new int[_taps == 2 && Ssse3.IsSupported ? columns.Count : 0];
            for (var i = 0; i < _weightPairs.Length; i++)
            {
                _weightPairs[i] = _weights[2 * i] | (_weights[(2 * i) + 1] << 16);
            }
        }

        public void Resample(ReadOnlySpan<byte> source, Span<byte> target)
        {
            var pixels = MemoryMarshal.Cast<byte, uint>(source);
            var output = MemoryMarshal.Cast<byte, uint>(target);
            if (_taps == 1)
            {
                // A lone tap weighs exactly WeightOne, and (p << WeightBits) + WeightOne / 2 >> WeightBits is p.
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = pixels[_first[i]] | OpaqueMask;
                }

                return;
            }

            if (_taps == 2 && Ssse3.IsSupported)
            {
                ResampleTwoTaps(source, output);
                return;
            }

            var half = Vector128.Create(WeightOne / 2);
            for (var i = 0; i < output.Length; i++)
            {
                var window = pixels.Slice(_first[i], _taps);
                var weights = _weights.AsSpan(i * _taps, _taps);
                var sum = half;
                for (var t = 0; t < window.Length; t++)
                {
                    sum += Widen(window[t]) * weights[t];
                }

                output[i] = Narrow(sum);
            }
        }

        /// <summary>
        /// Every non-integer upscale (and an exact halving) has two taps a pixel: the two source pixels lie side by
        /// side, so one 8-byte load, one shuffle into (first, second) pairs per channel and one multiply-add of
        /// adjacent 16-bit lanes (weights are at most 1 &lt;&lt; 14, bytes 255) give the four 32-bit sums.
        /// </summary>
        private void ResampleTwoTaps(ReadOnlySpan<byte> source, Span<uint> output)
        {
            var half = Vector128.Create(WeightOne / 2);
            var pairs = Vector128.Create((byte)0, 0x80, 4, 0x80, 1, 0x80, 5, 0x80, 2, 0x80, 6, 0x80, 3, 0x80, 7, 0x80); // 0x80: zero
            for (var i = 0; i < output.Length; i++)
            {
                var twoPixels = Vector128.CreateScalarUnsafe(MemoryMarshal.Read<ulong>(source.Slice(_first[i] * Frame.BytesPerPixel))).AsByte();
                var weights = Vector128.Create(_weightPairs[i]).AsInt16();
                var sum = Sse2.MultiplyAddAdjacent(Ssse3.Shuffle(twoPixels, pairs).AsInt16(), weights) + half;
                output[i] = Narrow(sum);
            }
        }

        private static Vector128<int> Widen(uint pixel) =>
            Vector128.WidenLower(Vector128.WidenLower(Vector128.CreateScalarUnsafe(pixel).AsByte())).AsInt32();

        // Each 32-bit lane holds a value of at most 255 after the shift: its low byte is the channel.
        private static uint Narrow(Vector128<int> sum)
        {
            var lanes = Vector128.ShiftRightLogical(sum, WeightBits).AsByte();
            var lowBytes = Vector128.Create((byte)0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12);
            var packed = Ssse3.IsSupported ? Ssse3.Shuffle(lanes, lowBytes) : Vector128.Shuffle(lanes, lowBytes);
            return packed.AsUInt32().ToScalar() | OpaqueMask;
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
