namespace OvhIkvm.Imaging.Aspeed;

/// <summary>The luma and chroma multipliers for one selector, as floats ready for the inverse DCT.</summary>
internal sealed class DequantizationTables
{
    private DequantizationTables(int selector, bool chromaUsesLumaTables)
    {
        Selector = selector;
        ChromaUsesLumaTables = chromaUsesLumaTables;
        Luma = ToFloats(AspeedQuantizationTables.Luma(selector));
        Chroma = ToFloats(chromaUsesLumaTables ? AspeedQuantizationTables.Luma(selector) : AspeedQuantizationTables.Chroma(selector));
    }

    public int Selector { get; }

    public bool ChromaUsesLumaTables { get; }

    public float[] Luma { get; }

    public float[] Chroma { get; }

    /// <summary>Returns <paramref name="current"/> when it already matches, so tables are rebuilt only on a change.</summary>
    public static DequantizationTables For(DequantizationTables? current, int selector, bool chromaUsesLumaTables) =>
        current is not null && current.Selector == selector && current.ChromaUsesLumaTables == chromaUsesLumaTables
            ? current
            : new DequantizationTables(selector, chromaUsesLumaTables);

    private static float[] ToFloats(ReadOnlySpan<byte> table)
    {
        var values = new float[64];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = table[i];
        }

        return values;
    }
}
