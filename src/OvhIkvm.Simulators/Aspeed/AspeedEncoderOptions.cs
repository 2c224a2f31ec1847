using OvhIkvm.Imaging.Aspeed;

namespace OvhIkvm.Simulators.Aspeed;

/// <summary>How <see cref="AspeedEncoder"/> codes a screen: the features a real video engine would use.</summary>
/// <param name="Mode420">4:2:0 (16x16 MCUs, DCT blocks only) instead of 4:4:4 (8x8, VQ and pass-2 possible).</param>
/// <param name="TableSelector">Quantisation selector for DCT blocks, 0 (coarsest) to 11 (finest).</param>
/// <param name="ChromaUsesLumaTables">Quantise chroma with the luma tables (header JPEGYUVTableMapping = 1).</param>
/// <param name="AdvanceTableSelector">Selector for pass-2 and advance-table DCT blocks.</param>
/// <param name="UseVq">4:4:4 only: code blocks of at most four colours as VQ blocks, exactly.</param>
/// <param name="UsePassTwo">4:4:4 only: follow every DCT block with a pass-2 refinement at the advance selector.</param>
/// <param name="UseAdvanceTables">Code DCT blocks with the advance tables (codes 4/C, "low JPEG").</param>
/// <param name="PositionEveryBlock">Give every block its own position, even when it follows the previous one.</param>
public sealed record AspeedEncoderOptions(
    bool Mode420 = false,
    int TableSelector = 7,
    bool ChromaUsesLumaTables = false,
    int AdvanceTableSelector = 7,
    bool UseVq = true,
    bool UsePassTwo = false,
    bool UseAdvanceTables = false,
    bool PositionEveryBlock = false)
{
    /// <summary>What a decoder needs to know, as the BMC's video header would carry it.</summary>
    public AspeedFrameParameters ToFrameParameters(int width, int height) =>
        new(width, height, Mode420, TableSelector, ChromaUsesLumaTables, AdvanceTableSelector);

    internal void Validate()
    {
        if (!AspeedQuantizationTables.IsValidSelector(TableSelector))
        {
            throw new ArgumentOutOfRangeException(nameof(TableSelector), TableSelector, $"must be 0 to {AspeedQuantizationTables.MaxSelector}");
        }

        if (!AspeedQuantizationTables.IsValidSelector(AdvanceTableSelector))
        {
            throw new ArgumentOutOfRangeException(nameof(AdvanceTableSelector), AdvanceTableSelector, $"must be 0 to {AspeedQuantizationTables.MaxSelector}");
        }

        if (Mode420 && UsePassTwo)
        {
            throw new ArgumentException("pass-2 blocks exist only in 4:4:4 mode", nameof(UsePassTwo));
        }
    }
}
