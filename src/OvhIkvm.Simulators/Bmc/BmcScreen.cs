namespace OvhIkvm.Simulators.Bmc;

/// <summary>
/// One compressed screen the simulated BMC streams: an ASPEED bitstream and the header fields that describe it.
/// The simulator pads the bitstream with zeros to a multiple of 4 bytes, as the video engine does.
/// </summary>
/// <param name="Width">Screen width in pixels.</param>
/// <param name="Height">Screen height in pixels.</param>
/// <param name="Mode420">4:2:0 (16x16 MCUs) rather than 4:4:4 (8x8).</param>
/// <param name="TableSelector">The JPEG quantisation table selector (header byte 44).</param>
/// <param name="Bitstream">The compressed data, exactly as the video engine produced it.</param>
public sealed record BmcScreen(int Width, int Height, bool Mode420, byte TableSelector, ReadOnlyMemory<byte> Bitstream)
{
    /// <summary>Header byte 42: 0 for 4:2:0, 3 (4:4:4 with 4-colour VQ) otherwise, as AMI's driver sets it.</summary>
    public byte CompressionMode { get; init; } = Mode420 ? (byte)0 : (byte)3;

    public byte AdvanceTableSelector { get; init; } = 7;

    public bool ChromaUsesLumaTables { get; init; }

    /// <summary>Header NumberOfMB; by default every block of the screen.</summary>
    public uint? NumberOfBlocks { get; init; }

    /// <summary>
    /// The real ATEN capture in test/fixtures/ami (Supermicro X10, 1024x768, 4:2:0, selector 5): its 4-byte ATEN
    /// prefix is dropped, what remains is the ASPEED bitstream an AMI BMC would send.
    /// </summary>
    public static BmcScreen FromAtenCapture(ReadOnlyMemory<byte> atenPayload)
    {
        const int AtenPrefixLength = 4;
        if (atenPayload.Length <= AtenPrefixLength)
        {
            throw new ArgumentException("An ATEN payload holds a 4-byte prefix and a bitstream.", nameof(atenPayload));
        }

        var prefix = atenPayload.Span;
        return new BmcScreen(1024, 768, Mode420: true, TableSelector: prefix[0], atenPayload[AtenPrefixLength..]);
    }

    /// <summary>
    /// The cheapest full screen the ASPEED format allows: 4:4:4, every block a one-colour VQ block of 7 bits (code,
    /// palette slot 0, black). An 8192x8192 screen costs 0.9 MB on the wire; what it costs a client is its business.
    /// </summary>
    public static BmcScreen SolidVq(int width, int height)
    {
        const uint VqOneColour = 5;
        var blocks = (long)((width + 7) / 8) * ((height + 7) / 8);
        var writer = new Aspeed.AspeedBitWriter();
        for (var i = 0L; i < blocks; i++)
        {
            writer.Write(VqOneColour, 4);
            writer.Write(0, 3);
        }

        writer.Write(9, 4);
        return new BmcScreen(width, height, Mode420: false, TableSelector: 7, writer.Finish());
    }
}
