namespace OvhIkvm.Imaging.Jpeg;

/// <summary>
/// One canonical Huffman table (ITU T.81 annex C) with a 9-bit lookup for the short codes that dominate real
/// streams, and per-length code limits (annex F.2.2.3) for the long ones.
/// </summary>
internal sealed class JpegHuffmanTable
{
    public const int FastBits = 9;

    private const int MaxCodeLength = 16;

    // (length << 8) | symbol; 0 means "longer than FastBits".
    private readonly ushort[] _fast = new ushort[1 << FastBits];
    private readonly int[] _maxCode = new int[MaxCodeLength + 2];
    private readonly int[] _valueOffset = new int[MaxCodeLength + 1];
    private readonly byte[] _values;

    private JpegHuffmanTable(byte[] values) => _values = values;

    public ReadOnlySpan<ushort> Fast => _fast;

    /// <summary>Builds a table from the 16 code-length counts and the symbols of a DHT segment.</summary>
    /// <exception cref="ImageDecodeException">The counts describe more codes than fit in their lengths.</exception>
    public static JpegHuffmanTable Build(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        var table = new JpegHuffmanTable(symbols.ToArray());
        var code = 0;
        var index = 0;
        for (var length = 1; length <= MaxCodeLength; length++)
        {
            int count = counts[length - 1];
            table._valueOffset[length] = index - code;
            if (count == 0)
            {
                table._maxCode[length] = -1;
            }
            else
            {
                // Codes of one length are consecutive; all of them must fit in `length` bits.
                if (code + count > 1 << length)
                {
                    throw new ImageDecodeException("corrupt JPEG: a Huffman table has more codes than its code lengths allow");
                }

                for (var i = 0; i < count; i++, code++, index++)
                {
                    if (length <= FastBits)
                    {
                        var first = code << (FastBits - length);
                        table._fast.AsSpan(first, 1 << (FastBits - length)).Fill((ushort)((length << 8) | symbols[index]));
                    }
                }

                table._maxCode[length] = code - 1;
            }

            code <<= 1;
        }

        table._maxCode[MaxCodeLength + 1] = int.MaxValue;
        return table;
    }

    /// <summary>
    /// Resolves a code longer than <see cref="FastBits"/>. <paramref name="peek16"/> holds the next 16 bits of the
    /// stream, most significant first. Returns the symbol and sets <paramref name="length"/>, or -1 for no code.
    /// </summary>
    public int DecodeSlow(int peek16, out int length)
    {
        for (length = FastBits + 1; length <= MaxCodeLength; length++)
        {
            var code = peek16 >> (MaxCodeLength - length);
            if (code <= _maxCode[length])
            {
                var index = _valueOffset[length] + code;
                return (uint)index < (uint)_values.Length ? _values[index] : -1;
            }
        }

        return -1;
    }
}
