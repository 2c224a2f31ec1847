namespace OvhIkvm.Imaging.Aspeed;

/// <summary>
/// Decoder for the ASPEED video engine's bitstream (AST2100/2400/2500). Holds the state that persists across
/// incremental frames: the framebuffer, the pass-1 YCbCr reference for pass-2 blocks, the VQ palette, and which
/// blocks have been painted. Not thread-safe: one instance per video stream.
/// </summary>
/// <remarks>
/// Work is bounded by the input: every block consumes at least four bits, a block that would read past the data
/// is rejected before it is painted, and a frame may not hold more than eight times the blocks of the screen.
/// </remarks>
public sealed class AspeedDecoder(FrameLimits limits)
{
    private const int BlocksPerScreenGuard = 8;
    private const int SamplesPerUnit = 64;

    private static readonly HuffmanDecoder _dcLuma = new(AspeedHuffmanTables.DcLuminance);
    private static readonly HuffmanDecoder _acLuma = new(AspeedHuffmanTables.AcLuminance);
    private static readonly HuffmanDecoder _dcChroma = new(AspeedHuffmanTables.DcChrominance);
    private static readonly HuffmanDecoder _acChroma = new(AspeedHuffmanTables.AcChrominance);

    private readonly FrameLimits _limits = limits ?? throw new ArgumentNullException(nameof(limits));
    private readonly float[] _coefficients = new float[SamplesPerUnit];

    // Y0..Y3 then Cb, Cr (4:2:0) or Y, Cb, Cr at 0/64/128 (4:4:4); pass-2 residuals reuse the same layout.
    private readonly byte[] _samples = new byte[SamplesPerUnit * 6];

    // The VQ palette lives as long as the decoder, like AMI's own viewer: a stream may reuse a slot set in an
    // earlier frame. Defaults: black, white, grey, light grey (Y << 16 | Cb << 8 | Cr).
    private readonly uint[] _palette = [0x008080, 0xFF8080, 0x808080, 0xC08080];
    private readonly int[] _slotOfEntry = [0, 1, 2, 3];

    private uint[] _words = [];
    private DequantizationTables? _primary;
    private DequantizationTables? _advance;

    private int _width;
    private int _height;
    private bool _mode420;
    private int _columns;
    private int _rows;
    private byte[]? _rgba;

    /// <summary>True while a frame from <see cref="ToFrame"/> uses <see cref="_rgba"/>: the next decode copies it first.</summary>
    private bool _lent;
    private byte[]? _reference;
    private bool[] _painted = [];
    private int _paintedCount;
    private int _predictorY;
    private int _predictorCb;
    private int _predictorCr;

    /// <summary>True once every block of the current geometry has been painted at least once.</summary>
    public bool IsComplete => _rgba is not null && _paintedCount == _painted.Length;

    /// <summary>Blocks of the current geometry painted at least once.</summary>
    public int PaintedBlocks => _paintedCount;

    /// <summary>Blocks in the current geometry (columns x rows of MCUs).</summary>
    public int TotalBlocks => _painted.Length;

    private int McuSize => _mode420 ? 16 : 8;

    /// <summary>Decodes one compressed frame into the persistent framebuffer (cleared when the geometry changes).</summary>
    /// <exception cref="ImageDecodeException">The bitstream is corrupt or uses an unsupported feature. Blocks decoded
    /// before the fault stay painted.</exception>
    public AspeedDecodeResult Decode(AspeedFrameParameters parameters, ReadOnlySpan<byte> bitstream)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _limits.EnsureWithin(parameters.Width, parameters.Height);
        if (parameters.Rc4Encrypted)
        {
            throw new ImageDecodeException(
                "RC4-encrypted video is not supported: turn off video encryption in the BMC's KVM settings");
        }

        // A JFIF's first word read as ASPEED is a valid positioned VQ code, so it would decode to garbage.
        if (bitstream.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            throw new ImageDecodeException(
                "the frame is a standard JPEG (it starts with FF D8 FF), not an ASPEED bitstream; decode it as a JPEG");
        }

        _primary = DequantizationTables.For(_primary, parameters.TableSelector, parameters.ChromaUsesLumaTables);
        _advance = DequantizationTables.For(_advance, parameters.AdvanceTableSelector, parameters.ChromaUsesLumaTables);
        EnsureGeometry(parameters);
        if (_lent)
        {
            // The frame handed out keeps the old pixels; this decode paints on a copy of them.
            _rgba = (byte[])_rgba!.Clone();
            _lent = false;
        }

        var words = LoadWords(bitstream);
        var reader = new AspeedBitReader(words, bitstream.Length * 8L);
        _predictorY = _predictorCb = _predictorCr = 0;
        var column = 0;
        var row = 0;
        var blocks = 0;
        var maxBlocks = (long)_painted.Length * BlocksPerScreenGuard;
        while (reader.RemainingBits >= 4)
        {
            var code = (int)reader.Read(4);
            if (code == (int)AspeedBlockCode.FrameEnd)
            {
                return new AspeedDecodeResult(blocks, ReachedEndOfFrame: true);
            }

            if (blocks == maxBlocks)
            {
                throw new ImageDecodeException(
                    $"the ASPEED frame codes more than {maxBlocks} blocks for a {_columns}x{_rows} block screen; the stream is corrupt");
            }

            if ((code & (int)AspeedBlockCode.Positioned) != 0)
            {
                column = (int)reader.Read(8);
                row = (int)reader.Read(8);
                if (column >= _columns || row >= _rows)
                {
                    throw new ImageDecodeException(
                        $"an ASPEED block is positioned at ({column},{row}), outside the {_columns}x{_rows} block screen");
                }
            }

            DecodeBlock(ref reader, code, column, row);
            if (!reader.IsWithinData)
            {
                throw new ImageDecodeException(
                    $"the ASPEED bitstream ends in the middle of block ({column},{row}) after {blocks} complete blocks");
            }

            blocks++;
            if (++column == _columns)
            {
                column = 0;
                if (++row == _rows)
                {
                    row = 0;
                }
            }
        }

        return new AspeedDecodeResult(blocks, ReachedEndOfFrame: false);
    }

    /// <summary>
    /// The current screen, opaque RGBA32. It never changes: the decoder lends its framebuffer and copies it before
    /// the next <see cref="Decode"/> paints (copy on write), so a screen taken and rendered between two frames, the
    /// usual case, costs no copy at all.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing has been decoded yet.</exception>
    public Frame ToFrame()
    {
        var frame = new Frame(_width, _height, _rgba ?? throw new InvalidOperationException("No ASPEED frame has been decoded yet."));
        _lent = true;
        return frame;
    }

    /// <summary>
    /// Hands the framebuffer over without a copy, for a caller done with the stream: the decoder lets go of its
    /// screen and reference plane, and the next <see cref="Decode"/> starts from a black, unpainted screen.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing has been decoded yet.</exception>
    public Frame TakeFrame()
    {
        var frame = new Frame(_width, _height, _rgba ?? throw new InvalidOperationException("No ASPEED frame has been decoded yet."));
        _rgba = null;
        _lent = false;
        _reference = null;
        _painted = [];
        _paintedCount = 0;
        _words = [];
        return frame;
    }

    /// <summary>What the decoder keeps for a screen of this geometry: the framebuffer, the 4:4:4 reference plane and the painted set.</summary>
    public static long MemoryFor(int width, int height, bool mode420)
    {
        var mcu = mode420 ? 16 : 8;
        var blocks = (long)((width + mcu - 1) / mcu) * ((height + mcu - 1) / mcu);
        return ((long)width * height * Frame.BytesPerPixel) + (mode420 ? 0 : blocks * 64 * 3) + blocks;
    }

    private void EnsureGeometry(AspeedFrameParameters parameters)
    {
        if (_rgba is not null && parameters.Width == _width && parameters.Height == _height && parameters.Mode420 == _mode420)
        {
            return;
        }

        _width = parameters.Width;
        _height = parameters.Height;
        _mode420 = parameters.Mode420;
        _columns = (_width + McuSize - 1) / McuSize;
        _rows = (_height + McuSize - 1) / McuSize;

        // Let go of the old screen before allocating the new one, so both are never needed at once.
        _rgba = null;
        _reference = null;
        _rgba = Frame.CreateBlack(_width, _height, _limits).Pixels;
        _lent = false;

        // Pass-2 blocks exist only in 4:4:4; the reference covers whole blocks so edge blocks need no clipping.
        _reference = _mode420 ? null : new byte[_columns * 8 * _rows * 8 * 3];
        _painted = new bool[_columns * _rows];
        _paintedCount = 0;
    }

    private ReadOnlySpan<uint> LoadWords(ReadOnlySpan<byte> bitstream)
    {
        var dataWords = (bitstream.Length + 3) / 4;
        var needed = dataWords + AspeedBitReader.PaddingWords;
        if (_words.Length < needed)
        {
            _words = new uint[needed];
        }

        var words = _words.AsSpan(0, needed);
        words.Clear();
        var whole = bitstream.Length / 4;
        for (var i = 0; i < whole; i++)
        {
            words[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bitstream.Slice(i * 4, 4));
        }

        // A tail shorter than a word still lands in the word's low bytes, as in a zero-padded buffer.
        for (var i = whole * 4; i < bitstream.Length; i++)
        {
            words[whole] |= (uint)bitstream[i] << (8 * (i - (whole * 4)));
        }

        return words;
    }

    private void DecodeBlock(ref AspeedBitReader reader, int code, int column, int row)
    {
        switch ((AspeedBlockCode)(code & 0x7))
        {
            case AspeedBlockCode.Dct:
                DecodeDctBlock(ref reader, _primary!, column, row);
                break;
            case AspeedBlockCode.AdvanceDct:
                DecodeDctBlock(ref reader, _advance!, column, row);
                break;
            case AspeedBlockCode.PassTwo:
                DecodePassTwoBlock(ref reader, column, row);
                break;
            case AspeedBlockCode.VqOneColour:
            case AspeedBlockCode.VqTwoColours:
            case AspeedBlockCode.VqFourColours:
                DecodeVqBlock(ref reader, code & 0x7, column, row);
                break;
            default:
                throw new ImageDecodeException($"the ASPEED bitstream holds the undefined block code 0x{code:X}; the stream is corrupt");
        }
    }

    private void DecodeDctBlock(ref AspeedBitReader reader, DequantizationTables tables, int column, int row)
    {
        var samples = _samples.AsSpan();
        if (_mode420)
        {
            for (var unit = 0; unit < 4; unit++)
            {
                DecodeUnit(ref reader, _dcLuma, _acLuma, tables.Luma, ref _predictorY, samples.Slice(unit * SamplesPerUnit, SamplesPerUnit));
            }

            DecodeUnit(ref reader, _dcChroma, _acChroma, tables.Chroma, ref _predictorCb, samples.Slice(4 * SamplesPerUnit, SamplesPerUnit));
            DecodeUnit(ref reader, _dcChroma, _acChroma, tables.Chroma, ref _predictorCr, samples.Slice(5 * SamplesPerUnit, SamplesPerUnit));
            if (reader.IsWithinData)
            {
                Paint420(column, row);
            }

            return;
        }

        DecodeUnits444(ref reader, tables);
        if (reader.IsWithinData)
        {
            StoreReference(column, row);
            Paint444(column, row, samples[..64], samples.Slice(64, 64), samples.Slice(128, 64));
        }
    }

    private void DecodePassTwoBlock(ref AspeedBitReader reader, int column, int row)
    {
        if (_mode420)
        {
            throw new ImageDecodeException("the ASPEED bitstream holds a pass-2 block in 4:2:0 mode, where none is defined; the stream is corrupt");
        }

        DecodeUnits444(ref reader, _advance!);
        if (!reader.IsWithinData)
        {
            return;
        }

        // The residual refines the last pass-1 samples; like AMI's firmware viewer, the reference itself is left
        // unchanged so a second pass-2 block refines the same base.
        var samples = _samples.AsSpan(0, 3 * SamplesPerUnit);
        var stride = _columns * 8;
        var plane = stride * _rows * 8;
        for (var r = 0; r < 8; r++)
        {
            var offset = (((row * 8) + r) * stride) + (column * 8);
            for (var c = 0; c < 8; c++)
            {
                var i = (r * 8) + c;
                samples[i] = ClampToByte(_reference![offset + c] + samples[i] - 128);
                samples[64 + i] = ClampToByte(_reference[plane + offset + c] + samples[64 + i] - 128);
                samples[128 + i] = ClampToByte(_reference[(2 * plane) + offset + c] + samples[128 + i] - 128);
            }
        }

        Paint444(column, row, samples[..64], samples.Slice(64, 64), samples.Slice(128, 64));
    }

    private void DecodeVqBlock(ref AspeedBitReader reader, int code, int column, int row)
    {
        if (_mode420)
        {
            throw new ImageDecodeException("the ASPEED bitstream holds a VQ block in 4:2:0 mode, where none is defined; the stream is corrupt");
        }

        if (!reader.IsWithinData)
        {
            return;
        }

        var bitsPerPixel = code - (int)AspeedBlockCode.VqOneColour;
        var entries = 1 << bitsPerPixel;
        for (var i = 0; i < entries; i++)
        {
            var update = reader.Read(1) != 0;
            var slot = (int)reader.Read(2);
            if (update)
            {
                _palette[slot] = reader.Read(24);
            }

            _slotOfEntry[i] = slot;
        }

        // A pixel's bits index the entry list, which names the palette slot: palette[slot[bits]], never palette[bits].
        Span<byte> entryOfPixel = stackalloc byte[SamplesPerUnit];
        if (bitsPerPixel > 0)
        {
            var pixelsPerWord = 32 / bitsPerPixel;
            var mask = (1u << bitsPerPixel) - 1;
            for (var word = 0; word < SamplesPerUnit / pixelsPerWord; word++)
            {
                var bits = reader.Read(32);
                for (var j = 0; j < pixelsPerWord; j++)
                {
                    entryOfPixel[(word * pixelsPerWord) + j] = (byte)((bits >> (32 - (bitsPerPixel * (j + 1)))) & mask);
                }
            }
        }

        if (!reader.IsWithinData)
        {
            return;
        }

        // At most four colours: convert each once, then paint by index.
        Span<byte> rgbOfEntry = stackalloc byte[4 * 3];
        var samples = _samples.AsSpan();
        for (var i = 0; i < entries; i++)
        {
            var colour = _palette[_slotOfEntry[i]];
            YCbCrToRgb.Convert((byte)(colour >> 16), (byte)(colour >> 8), (byte)colour, rgbOfEntry, i * 3);
        }

        for (var i = 0; i < SamplesPerUnit; i++)
        {
            var colour = _palette[_slotOfEntry[entryOfPixel[i]]];
            samples[i] = (byte)(colour >> 16);
            samples[64 + i] = (byte)(colour >> 8);
            samples[128 + i] = (byte)colour;
        }

        StoreReference(column, row);
        PaintIndexed(column, row, entryOfPixel, rgbOfEntry);
    }

    private void DecodeUnits444(ref AspeedBitReader reader, DequantizationTables tables)
    {
        var samples = _samples.AsSpan();
        DecodeUnit(ref reader, _dcLuma, _acLuma, tables.Luma, ref _predictorY, samples[..64]);
        DecodeUnit(ref reader, _dcChroma, _acChroma, tables.Chroma, ref _predictorCb, samples.Slice(64, 64));
        DecodeUnit(ref reader, _dcChroma, _acChroma, tables.Chroma, ref _predictorCr, samples.Slice(128, 64));
    }

    /// <summary>One baseline-JPEG data unit (T.81 F.2.2): DC difference, AC run/size codes, dequantise, IDCT.</summary>
    private void DecodeUnit(
        ref AspeedBitReader reader,
        HuffmanDecoder dcTable,
        HuffmanDecoder acTable,
        float[] quantizers,
        ref int predictor,
        Span<byte> output)
    {
        // Past the data the padding reads as zeros: stop decoding; the caller reports the truncation.
        if (!reader.IsWithinData)
        {
            return;
        }

        var coefficients = _coefficients.AsSpan();
        coefficients.Clear();
        var category = dcTable.Decode(ref reader);
        if (category < 0)
        {
            throw CorruptHuffmanCode();
        }

        // The hardware keeps predictors as 16-bit values; wrapping the same way keeps garbage input bounded.
        predictor = (short)(predictor + (category == 0 ? 0 : Extend(reader.Read(category), category)));
        coefficients[0] = predictor * quantizers[0];

        var naturalOrder = AspeedZigZag.ToNatural;
        for (var k = 1; k < SamplesPerUnit;)
        {
            var symbol = acTable.Decode(ref reader);
            if (symbol < 0)
            {
                throw CorruptHuffmanCode();
            }

            var run = symbol >> 4;
            var size = symbol & 0xF;
            if (size == 0)
            {
                if (run != 15)
                {
                    break; // end of block
                }

                k += 16;
                continue;
            }

            k += run;
            if (k >= SamplesPerUnit)
            {
                throw new ImageDecodeException("an ASPEED DCT block has a coefficient beyond the 64th; the stream is corrupt");
            }

            var index = naturalOrder[k];
            coefficients[index] = Extend(reader.Read(size), size) * quantizers[index];
            k++;
        }

        AspeedInverseDct.Transform(coefficients, output);
    }

    private static ImageDecodeException CorruptHuffmanCode() =>
        new("the ASPEED bitstream holds a bit pattern that is no Huffman code of the standard tables; the stream is corrupt");

    /// <summary>T.81 EXTEND: a <paramref name="size"/>-bit magnitude whose top bit 0 means a negative value.</summary>
    private static int Extend(uint bits, int size) =>
        bits < (1u << (size - 1)) ? (int)bits - (1 << size) + 1 : (int)bits;

    private static byte ClampToByte(int value) => (byte)Math.Clamp(value, 0, 255);

    private void StoreReference(int column, int row)
    {
        var stride = _columns * 8;
        var plane = stride * _rows * 8;
        for (var r = 0; r < 8; r++)
        {
            var offset = (((row * 8) + r) * stride) + (column * 8);
            _samples.AsSpan(r * 8, 8).CopyTo(_reference.AsSpan(offset, 8));
            _samples.AsSpan(64 + (r * 8), 8).CopyTo(_reference.AsSpan(plane + offset, 8));
            _samples.AsSpan(128 + (r * 8), 8).CopyTo(_reference.AsSpan((2 * plane) + offset, 8));
        }
    }

    private void Paint444(int column, int row, ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr)
    {
        var (width, height) = VisibleSize(column, row);
        for (var r = 0; r < height; r++)
        {
            var line = ScreenLine(column, row, r, width);
            for (var c = 0; c < width; c++)
            {
                var i = (r * 8) + c;
                YCbCrToRgb.Convert(y[i], cb[i], cr[i], line, c * Frame.BytesPerPixel);
            }
        }

        MarkPainted(column, row);
    }

    private void PaintIndexed(int column, int row, ReadOnlySpan<byte> entryOfPixel, ReadOnlySpan<byte> rgbOfEntry)
    {
        var (width, height) = VisibleSize(column, row);
        for (var r = 0; r < height; r++)
        {
            var line = ScreenLine(column, row, r, width);
            for (var c = 0; c < width; c++)
            {
                rgbOfEntry.Slice(entryOfPixel[(r * 8) + c] * 3, 3).CopyTo(line.Slice(c * Frame.BytesPerPixel, 3));
            }
        }

        MarkPainted(column, row);
    }

    private void Paint420(int column, int row)
    {
        var samples = _samples.AsSpan();
        var cb = samples.Slice(4 * SamplesPerUnit, SamplesPerUnit);
        var cr = samples.Slice(5 * SamplesPerUnit, SamplesPerUnit);
        var (width, height) = VisibleSize(column, row);
        for (var r = 0; r < height; r++)
        {
            var line = ScreenLine(column, row, r, width);
            var lumaRow = samples.Slice((((r >> 3) * 2) * SamplesPerUnit) + ((r & 7) * 8));
            var chromaRow = (r >> 1) * 8;
            for (var c = 0; c < width; c++)
            {
                // Units Y0 Y1 sit side by side, so the right half of a row is one unit (64 samples) further on.
                var y = lumaRow[((c >> 3) * SamplesPerUnit) + (c & 7)];
                var chroma = chromaRow + (c >> 1);
                YCbCrToRgb.Convert(y, cb[chroma], cr[chroma], line, c * Frame.BytesPerPixel);
            }
        }

        MarkPainted(column, row);
    }

    /// <summary>The part of a block inside the screen: blocks of the last column and row may be cut.</summary>
    private (int Width, int Height) VisibleSize(int column, int row) =>
        (Math.Min(McuSize, _width - (column * McuSize)), Math.Min(McuSize, _height - (row * McuSize)));

    /// <summary>The RGBA pixels of line <paramref name="line"/> of a block, <paramref name="width"/> pixels long.</summary>
    private Span<byte> ScreenLine(int column, int row, int line, int width) =>
        _rgba.AsSpan(((((row * McuSize) + line) * _width) + (column * McuSize)) * Frame.BytesPerPixel, width * Frame.BytesPerPixel);

    private void MarkPainted(int column, int row)
    {
        ref var painted = ref _painted[(row * _columns) + column];
        if (!painted)
        {
            painted = true;
            _paintedCount++;
        }
    }
}
