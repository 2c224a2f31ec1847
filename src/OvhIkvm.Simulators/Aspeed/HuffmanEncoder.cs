using OvhIkvm.Imaging.Aspeed;

namespace OvhIkvm.Simulators.Aspeed;

/// <summary>Symbol to canonical code for one Huffman table.</summary>
internal sealed class HuffmanEncoder
{
    private readonly ushort[] _codes = new ushort[256];
    private readonly byte[] _lengths = new byte[256];

    public HuffmanEncoder(HuffmanTableSpec spec)
    {
        var codes = spec.CanonicalCodes();
        for (var i = 0; i < codes.Length; i++)
        {
            var symbol = spec.Symbols[i];
            (_codes[symbol], _lengths[symbol]) = codes[i];
        }
    }

    public void Write(AspeedBitWriter writer, int symbol) => writer.Write(_codes[symbol], _lengths[symbol]);
}
