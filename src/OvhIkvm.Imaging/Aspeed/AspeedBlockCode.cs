namespace OvhIkvm.Imaging.Aspeed;

/// <summary>
/// The 4-bit code that starts every block of an ASPEED bitstream. <see cref="Positioned"/> (bit 3) means an 8-bit
/// column and an 8-bit row, in MCU units, follow the code; without it the block goes to the next position.
/// </summary>
public enum AspeedBlockCode
{
    /// <summary>DCT block quantised with the frame's table selector.</summary>
    Dct = 0x0,

    /// <summary>Pass-2 refinement: a DCT residual added to the last pass-1 samples (4:4:4 only, advance tables).</summary>
    PassTwo = 0x2,

    /// <summary>DCT block quantised with the advance table selector ("low JPEG").</summary>
    AdvanceDct = 0x4,

    /// <summary>Vector-quantised block with one colour.</summary>
    VqOneColour = 0x5,

    /// <summary>Vector-quantised block with two colours, one bit per pixel.</summary>
    VqTwoColours = 0x6,

    /// <summary>Vector-quantised block with four colours, two bits per pixel.</summary>
    VqFourColours = 0x7,

    /// <summary>Flag added to a code when the block carries its own position.</summary>
    Positioned = 0x8,

    /// <summary>End of the frame.</summary>
    FrameEnd = 0x9,
}
