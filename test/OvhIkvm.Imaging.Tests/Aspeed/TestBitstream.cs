using System.Buffers.Binary;

namespace OvhIkvm.Imaging.Tests.Aspeed;

/// <summary>Hand-made ASPEED bitstreams for decoder edge cases: fields MSB first, packed into little-endian words.</summary>
internal sealed class TestBitstream
{
    private readonly List<bool> _bits = [];

    public TestBitstream Bits(uint value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            _bits.Add(((value >> i) & 1) != 0);
        }

        return this;
    }

    /// <summary>The bytes, padded with zero bits to whole words (plus <paramref name="extraZeroWords"/>).</summary>
    public byte[] ToArray(int extraZeroWords = 1)
    {
        var words = ((_bits.Count + 31) / 32) + extraZeroWords;
        var bytes = new byte[words * 4];
        for (var w = 0; w < words; w++)
        {
            uint word = 0;
            for (var i = 0; i < 32; i++)
            {
                var index = (w * 32) + i;
                word = (word << 1) | (index < _bits.Count && _bits[index] ? 1u : 0u);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(w * 4), word);
        }

        return bytes;
    }
}
