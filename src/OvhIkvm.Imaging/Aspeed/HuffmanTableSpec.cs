namespace OvhIkvm.Imaging.Aspeed;

/// <summary>
/// A canonical Huffman table as JPEG defines it (T.81 annex C): how many codes have each length from 1 to 16
/// (BITS), then the symbols in code order (HUFFVAL). Encoders and decoders derive their codes from it.
/// </summary>
public sealed class HuffmanTableSpec
{
    public const int MaxCodeLength = 16;

    private readonly byte[] _codeCountsByLength;
    private readonly byte[] _symbols;

    public HuffmanTableSpec(byte[] codeCountsByLength, byte[] symbols)
    {
        ArgumentNullException.ThrowIfNull(codeCountsByLength);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentOutOfRangeException.ThrowIfNotEqual(codeCountsByLength.Length, MaxCodeLength);
        ArgumentOutOfRangeException.ThrowIfNotEqual(symbols.Length, codeCountsByLength.Sum(c => c));
        _codeCountsByLength = codeCountsByLength;
        _symbols = symbols;
    }

    /// <summary>Element i is the number of codes of length i + 1.</summary>
    public ReadOnlySpan<byte> CodeCountsByLength => _codeCountsByLength;

    /// <summary>The symbols, shortest codes first.</summary>
    public ReadOnlySpan<byte> Symbols => _symbols;

    /// <summary>Assigns the canonical codes (T.81 C.2): lengths and left-aligned-free code values, by symbol order.</summary>
    public (ushort Code, byte Length)[] CanonicalCodes()
    {
        var codes = new (ushort, byte)[_symbols.Length];
        var code = 0;
        var index = 0;
        for (var length = 1; length <= MaxCodeLength; length++)
        {
            for (var i = 0; i < _codeCountsByLength[length - 1]; i++)
            {
                codes[index++] = ((ushort)code, (byte)length);
                code++;
            }

            code <<= 1;
        }

        return codes;
    }
}
