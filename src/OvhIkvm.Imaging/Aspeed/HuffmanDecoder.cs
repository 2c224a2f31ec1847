namespace OvhIkvm.Imaging.Aspeed;

/// <summary>
/// Decodes one canonical Huffman table: codes up to <see cref="FastBits"/> long in one table look-up, longer ones
/// by comparing against the largest code of each length (T.81 F.2.2.3).
/// </summary>
internal sealed class HuffmanDecoder
{
    /// <summary>Every code of the standard DC tables and the common AC codes fit in 9 bits.</summary>
    private const int FastBits = 9;

    private readonly ushort[] _fast = new ushort[1 << FastBits];
    private readonly int[] _maxCode = new int[HuffmanTableSpec.MaxCodeLength + 1];
    private readonly int[] _symbolOffset = new int[HuffmanTableSpec.MaxCodeLength + 1];
    private readonly byte[] _symbols;

    public HuffmanDecoder(HuffmanTableSpec spec)
    {
        _symbols = spec.Symbols.ToArray();
        var codes = spec.CanonicalCodes();
        _maxCode.AsSpan().Fill(-1);
        var index = 0;
        for (var length = 1; length <= HuffmanTableSpec.MaxCodeLength; length++)
        {
            var count = spec.CodeCountsByLength[length - 1];
            if (count == 0)
            {
                continue;
            }

            _symbolOffset[length] = index - codes[index].Code;
            _maxCode[length] = codes[index + count - 1].Code;
            index += count;
        }

        for (var i = 0; i < codes.Length; i++)
        {
            var (code, length) = codes[i];
            if (length > FastBits)
            {
                continue;
            }

            var first = code << (FastBits - length);
            var entry = (ushort)((length << 8) | _symbols[i]);
            _fast.AsSpan(first, 1 << (FastBits - length)).Fill(entry);
        }
    }

    /// <summary>The next symbol, or -1 when the bits match no code of the table (corrupt stream).</summary>
    public int Decode(ref AspeedBitReader reader)
    {
        var bits = reader.Peek(HuffmanTableSpec.MaxCodeLength);
        var entry = _fast[bits >> (HuffmanTableSpec.MaxCodeLength - FastBits)];
        if (entry != 0)
        {
            reader.Skip(entry >> 8);
            return entry & 0xFF;
        }

        for (var length = FastBits + 1; length <= HuffmanTableSpec.MaxCodeLength; length++)
        {
            var code = (int)(bits >> (HuffmanTableSpec.MaxCodeLength - length));
            if (code <= _maxCode[length])
            {
                reader.Skip(length);
                return _symbols[_symbolOffset[length] + code];
            }
        }

        return -1;
    }
}
