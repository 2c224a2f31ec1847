using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Aspeed;

namespace OvhIkvm.Simulators.Aspeed;

/// <summary>The state of one frame being encoded: bit writer, DC predictors, decoder position and palette slots.</summary>
internal sealed class AspeedFrameEncoder
{
    private const int MaxAddressable = 255;
    private const int SlotCount = 4;

    private static readonly HuffmanEncoder _dcLuma = new(AspeedHuffmanTables.DcLuminance);
    private static readonly HuffmanEncoder _acLuma = new(AspeedHuffmanTables.AcLuminance);
    private static readonly HuffmanEncoder _dcChroma = new(AspeedHuffmanTables.DcChrominance);
    private static readonly HuffmanEncoder _acChroma = new(AspeedHuffmanTables.AcChrominance);

    private readonly Frame _frame;
    private readonly AspeedEncoderOptions _options;
    private readonly int _mcu;
    private readonly AspeedBitWriter _writer = new();
    private readonly QuantizerPair _primary;
    private readonly QuantizerPair _advance;
    private readonly Dictionary<int, uint> _paletteColours = [];

    // Palette slots as the decoder will hold them; unknown until this frame sets them (frames are self-contained).
    private readonly uint[] _slotColour = new uint[SlotCount];
    private readonly bool[] _slotKnown = new bool[SlotCount];
    private readonly int[] _slotLastUse = new int[SlotCount];

    // Per block: samples (0..255) of Y0..Y3, Cb, Cr (4:2:0) or Y, Cb, Cr (4:4:4); for pass 2, what the decoder
    // rebuilds from pass 1 and the residual against it.
    private readonly float[] _samples = new float[64 * 6];
    private readonly float[] _reconstruction = new float[64];
    private readonly float[] _residual = new float[64];

    private int _predictorY;
    private int _predictorCb;
    private int _predictorCr;
    private int _nextColumn;
    private int _nextRow;
    private int _blockCount;

    public AspeedFrameEncoder(Frame frame, AspeedEncoderOptions options)
    {
        _frame = frame;
        _options = options;
        _mcu = options.Mode420 ? 16 : 8;
        Columns = (frame.Width + _mcu - 1) / _mcu;
        Rows = (frame.Height + _mcu - 1) / _mcu;
        _primary = new QuantizerPair(options.TableSelector, options.ChromaUsesLumaTables);
        _advance = new QuantizerPair(options.AdvanceTableSelector, options.ChromaUsesLumaTables);
        if (options.PositionEveryBlock && !CanPositionEveryBlock)
        {
            throw new ArgumentException(
                $"a {frame.Width}x{frame.Height} screen has {Columns}x{Rows} blocks; positions are 8-bit, so not every block can be positioned",
                nameof(options));
        }
    }

    public int Columns { get; }

    public int Rows { get; }

    public bool CanPositionEveryBlock => Columns <= MaxAddressable + 1 && Rows <= MaxAddressable + 1;

    public static bool CanAddress(int column, int row) => column <= MaxAddressable && row <= MaxAddressable;

    public bool BlockDiffers(Frame previous, int column, int row)
    {
        var left = column * _mcu;
        var top = row * _mcu;
        var width = Math.Min(_mcu, _frame.Width - left) * Frame.BytesPerPixel;
        for (var y = top; y < Math.Min(top + _mcu, _frame.Height); y++)
        {
            if (!_frame.Row(y).Slice(left * Frame.BytesPerPixel, width).SequenceEqual(previous.Row(y).Slice(left * Frame.BytesPerPixel, width)))
            {
                return true;
            }
        }

        return false;
    }

    public void EncodeBlock(int column, int row)
    {
        if (!_options.Mode420 && _options.UseVq && TryEncodeVq(column, row))
        {
            return;
        }

        LoadSamples(column, row);
        var tables = _options.UseAdvanceTables ? _advance : _primary;
        WriteBlockStart(_options.UseAdvanceTables ? AspeedBlockCode.AdvanceDct : AspeedBlockCode.Dct, column, row);
        if (_options.Mode420)
        {
            for (var unit = 0; unit < 4; unit++)
            {
                WriteUnit(_samples.AsSpan(unit * 64, 64), tables.Luma, _dcLuma, _acLuma, ref _predictorY, passTwoResidual: null);
            }

            WriteUnit(_samples.AsSpan(256, 64), tables.Chroma, _dcChroma, _acChroma, ref _predictorCb, passTwoResidual: null);
            WriteUnit(_samples.AsSpan(320, 64), tables.Chroma, _dcChroma, _acChroma, ref _predictorCr, passTwoResidual: null);
            return;
        }

        // With pass 2: pass 1 at the coarse tables, then the residual against what the decoder rebuilds from it.
        WriteUnits444(tables, withPassTwo: _options.UsePassTwo);
        if (_options.UsePassTwo)
        {
            WriteBlockStart(AspeedBlockCode.PassTwo, column, row);
            WriteUnits444(_advance, withPassTwo: false);
        }
    }

    public AspeedEncodedFrame Finish()
    {
        _writer.Write((uint)AspeedBlockCode.FrameEnd, 4);
        return new AspeedEncodedFrame(_writer.Finish(), _blockCount);
    }

    private void WriteUnits444(QuantizerPair tables, bool withPassTwo)
    {
        // With pass 2 each unit's samples are replaced in place by the residual the refinement block will carry.
        WriteUnit(_samples.AsSpan(0, 64), tables.Luma, _dcLuma, _acLuma, ref _predictorY, withPassTwo ? _samples.AsSpan(0, 64) : null);
        WriteUnit(_samples.AsSpan(64, 64), tables.Chroma, _dcChroma, _acChroma, ref _predictorCb, withPassTwo ? _samples.AsSpan(64, 64) : null);
        WriteUnit(_samples.AsSpan(128, 64), tables.Chroma, _dcChroma, _acChroma, ref _predictorCr, withPassTwo ? _samples.AsSpan(128, 64) : null);
    }

    private void WriteBlockStart(AspeedBlockCode code, int column, int row)
    {
        if (!_options.PositionEveryBlock && column == _nextColumn && row == _nextRow)
        {
            _writer.Write((uint)code, 4);
        }
        else
        {
            _writer.Write((uint)(code | AspeedBlockCode.Positioned), 4);
            _writer.Write((uint)column, 8);
            _writer.Write((uint)row, 8);
        }

        _blockCount++;
        _nextColumn = column + 1;
        _nextRow = row;
        if (_nextColumn == Columns)
        {
            _nextColumn = 0;
            _nextRow = row + 1 == Rows ? 0 : row + 1;
        }
    }

    /// <summary>Reads the block's pixels (edges replicated past the screen) as YCbCr samples.</summary>
    private void LoadSamples(int column, int row)
    {
        var samples = _samples.AsSpan();
        if (!_options.Mode420)
        {
            for (var i = 0; i < 64; i++)
            {
                var (y, cb, cr) = PixelYCbCr((column * 8) + (i & 7), (row * 8) + (i >> 3));
                (samples[i], samples[64 + i], samples[128 + i]) = (y, cb, cr);
            }

            return;
        }

        samples[256..].Clear();
        for (var r = 0; r < 16; r++)
        {
            for (var c = 0; c < 16; c++)
            {
                var (y, cb, cr) = PixelYCbCr((column * 16) + c, (row * 16) + r);
                samples[(((r >> 3) * 2) + (c >> 3)) * 64 + ((r & 7) * 8) + (c & 7)] = y;
                var chroma = ((r >> 1) * 8) + (c >> 1);
                samples[256 + chroma] += cb / 4f;
                samples[320 + chroma] += cr / 4f;
            }
        }
    }

    private (byte Y, byte Cb, byte Cr) PixelYCbCr(int x, int y)
    {
        var pixel = _frame.Row(Math.Min(y, _frame.Height - 1)).Slice(Math.Min(x, _frame.Width - 1) * Frame.BytesPerPixel, 3);
        return RgbToYCbCr.Convert(pixel[0], pixel[1], pixel[2]);
    }

    /// <summary>Baseline JPEG coding of one unit (T.81 F.1.2); optionally turns the samples into the pass-2 residual.</summary>
    private void WriteUnit(Span<float> samples, int[] quantizers, HuffmanEncoder dc, HuffmanEncoder ac, ref int predictor, Span<float> passTwoResidual)
    {
        Span<float> shifted = stackalloc float[64];
        Span<float> coefficients = stackalloc float[64];
        Span<int> quantized = stackalloc int[64];
        for (var i = 0; i < 64; i++)
        {
            shifted[i] = samples[i] - 128;
        }

        DctTransform.Forward(shifted, coefficients);
        for (var i = 0; i < 64; i++)
        {
            // Baseline JPEG with 8-bit samples keeps AC magnitudes within 10 bits; the clamp guards rounding.
            quantized[i] = Math.Clamp((int)MathF.Round(coefficients[i] / quantizers[i], MidpointRounding.AwayFromZero), -1023, 1023);
        }

        var difference = quantized[0] - predictor;
        predictor = quantized[0];
        var category = Category(difference);
        dc.Write(_writer, category);
        _writer.Write(MagnitudeBits(difference, category), category);

        var naturalOrder = AspeedZigZag.ToNatural;
        var run = 0;
        for (var k = 1; k < 64; k++)
        {
            var value = quantized[naturalOrder[k]];
            if (value == 0)
            {
                run++;
                continue;
            }

            for (; run > 15; run -= 16)
            {
                ac.Write(_writer, 0xF0);
            }

            var size = Category(value);
            ac.Write(_writer, (run << 4) | size);
            _writer.Write(MagnitudeBits(value, size), size);
            run = 0;
        }

        if (run > 0)
        {
            ac.Write(_writer, 0x00);
        }

        if (passTwoResidual.IsEmpty)
        {
            return;
        }

        for (var i = 0; i < 64; i++)
        {
            coefficients[i] = quantized[i] * quantizers[i];
        }

        DctTransform.Inverse(coefficients, _reconstruction);
        for (var i = 0; i < 64; i++)
        {
            var decoded = Math.Clamp(MathF.Round(_reconstruction[i] + 128, MidpointRounding.AwayFromZero), 0, 255);
            _residual[i] = Math.Clamp(samples[i] - decoded + 128, 0, 255);
        }

        _residual.CopyTo(passTwoResidual);
    }

    private static int Category(int value)
    {
        var magnitude = Math.Abs(value);
        return magnitude == 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)magnitude);
    }

    /// <summary>The inverse of T.81 EXTEND: negatives are stored as value + 2^size - 1.</summary>
    private static uint MagnitudeBits(int value, int size) => (uint)(value < 0 ? value + (1 << size) - 1 : value);

    private bool TryEncodeVq(int column, int row)
    {
        Span<int> colours = stackalloc int[SlotCount];
        Span<byte> entryOfPixel = stackalloc byte[64];
        var count = 0;
        for (var i = 0; i < 64; i++)
        {
            var x = Math.Min((column * 8) + (i & 7), _frame.Width - 1);
            var y = Math.Min((row * 8) + (i >> 3), _frame.Height - 1);
            var pixel = _frame.Row(y).Slice(x * Frame.BytesPerPixel, 3);
            var colour = PaletteColour((pixel[0] << 16) | (pixel[1] << 8) | pixel[2]);
            var entry = colours[..count].IndexOf((int)colour);
            if (entry < 0)
            {
                if (count == SlotCount)
                {
                    return false;
                }

                entry = count;
                colours[count++] = (int)colour;
            }

            entryOfPixel[i] = (byte)entry;
        }

        var bitsPerPixel = count switch { 1 => 0, 2 => 1, _ => 2 };
        WriteBlockStart(AspeedBlockCode.VqOneColour + bitsPerPixel, column, row);
        Span<bool> slotTaken = stackalloc bool[SlotCount];
        for (var entry = 0; entry < 1 << bitsPerPixel; entry++)
        {
            // A three-colour block still sends four entries; the spare repeats the first colour.
            WritePaletteEntry((uint)colours[entry < count ? entry : 0], slotTaken);
        }

        for (var i = 0; bitsPerPixel > 0 && i < 64; i++)
        {
            _writer.Write(entryOfPixel[i], bitsPerPixel);
        }

        return true;
    }

    private uint PaletteColour(int rgb)
    {
        if (!_paletteColours.TryGetValue(rgb, out var colour))
        {
            colour = RgbToYCbCr.BestPaletteColour(rgb >> 16, (rgb >> 8) & 0xFF, rgb & 0xFF);
            _paletteColours[rgb] = colour;
        }

        return colour;
    }

    private void WritePaletteEntry(uint colour, Span<bool> slotTaken)
    {
        var slot = -1;
        for (var s = 0; s < SlotCount && slot < 0; s++)
        {
            slot = _slotKnown[s] && _slotColour[s] == colour ? s : -1;
        }

        var update = slot < 0;
        if (update)
        {
            // Evict the least recently used slot that this block's earlier entries do not point at.
            for (var s = 0; s < SlotCount; s++)
            {
                if (!slotTaken[s] && (slot < 0 || _slotLastUse[s] < _slotLastUse[slot]))
                {
                    slot = s;
                }
            }

            _slotColour[slot] = colour;
            _slotKnown[slot] = true;
        }

        slotTaken[slot] = true;
        _slotLastUse[slot] = _blockCount;
        _writer.Write(update ? 1u : 0u, 1);
        _writer.Write((uint)slot, 2);
        if (update)
        {
            _writer.Write(colour, 24);
        }
    }

    private sealed class QuantizerPair(int selector, bool chromaUsesLumaTables)
    {
        public int[] Luma { get; } = ToInts(AspeedQuantizationTables.Luma(selector));

        public int[] Chroma { get; } = ToInts(chromaUsesLumaTables ? AspeedQuantizationTables.Luma(selector) : AspeedQuantizationTables.Chroma(selector));

        private static int[] ToInts(ReadOnlySpan<byte> table)
        {
            var values = new int[64];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = table[i];
            }

            return values;
        }
    }
}
