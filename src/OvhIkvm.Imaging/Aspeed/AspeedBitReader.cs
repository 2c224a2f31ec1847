using System.Diagnostics;

namespace OvhIkvm.Imaging.Aspeed;

/// <summary>
/// Reads the ASPEED bit order: the stream is a sequence of little-endian 32-bit words, each contributing its bits
/// from bit 31 down to bit 0, and every field is read most significant bit first across word boundaries.
/// </summary>
/// <remarks>
/// The words span must end with <see cref="PaddingWords"/> zero words. The decoder checks
/// <see cref="IsWithinData"/> before each data unit or palette block, and no unit reads more than the padding
/// holds, so a read never leaves the span and needs no bounds test of its own.
/// </remarks>
internal ref struct AspeedBitReader
{
    /// <summary>Zero words after the data: more than the longest data unit (63 AC codes of 26 bits plus DC).</summary>
    public const int PaddingWords = 64;

    private readonly ReadOnlySpan<uint> _words;
    private readonly long _dataBits;
    private long _position;

    public AspeedBitReader(ReadOnlySpan<uint> paddedWords, long dataBits)
    {
        Debug.Assert(paddedWords.Length * 32L >= dataBits + (PaddingWords * 32L));
        _words = paddedWords;
        _dataBits = dataBits;
    }

    public readonly long Position => _position;

    public readonly long RemainingBits => _dataBits - _position;

    public readonly bool IsWithinData => _position <= _dataBits;

    /// <summary>The next <paramref name="count"/> bits (1 to 32) without consuming them.</summary>
    public readonly uint Peek(int count)
    {
        Debug.Assert(count is > 0 and <= 32);
        var index = (int)(_position >> 5);
        var window = ((ulong)_words[index] << 32) | _words[index + 1];
        return (uint)((window << (int)(_position & 31)) >> (64 - count));
    }

    public void Skip(int count) => _position += count;

    public uint Read(int count)
    {
        var value = Peek(count);
        _position += count;
        return value;
    }
}
