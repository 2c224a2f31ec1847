namespace OvhIkvm.Imaging.Aspeed;

/// <summary>
/// What the ASPEED bitstream itself does not say: the screen geometry and the coding parameters, taken from the
/// container (AMI's 86-byte video header, or ATEN's 4-byte prefix plus the RFB rectangle).
/// </summary>
/// <param name="Width">Screen width in pixels (the header's destination X).</param>
/// <param name="Height">Screen height in pixels (the header's destination Y).</param>
/// <param name="Mode420">True for 4:2:0 (16x16 MCUs), false for 4:4:4 (8x8).</param>
/// <param name="TableSelector">Quantisation table selector for DCT blocks (JPEGTableSelector).</param>
/// <param name="ChromaUsesLumaTables">JPEGYUVTableMapping = 1: chroma is quantised with the luma tables.</param>
/// <param name="AdvanceTableSelector">Selector for pass-2 and low-quality blocks (AdvanceTableSelector).</param>
/// <param name="Rc4Encrypted">The stream is RC4-encrypted (RC4Enable != 0).</param>
public sealed record AspeedFrameParameters(
    int Width,
    int Height,
    bool Mode420,
    int TableSelector,
    bool ChromaUsesLumaTables = false,
    int AdvanceTableSelector = 7,
    bool Rc4Encrypted = false);
