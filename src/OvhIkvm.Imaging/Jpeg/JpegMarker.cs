namespace OvhIkvm.Imaging.Jpeg;

/// <summary>The marker codes (the byte after 0xFF) the header check acts on; ITU T.81 table B.1.</summary>
internal static class JpegMarker
{
    public const byte StartOfFrameBaseline = 0xC0;
    public const byte StartOfFrameExtended = 0xC1;
    public const byte StartOfFrameProgressive = 0xC2;
    public const byte StartOfFrameLossless = 0xC3;
    public const byte DefineHuffmanTables = 0xC4;
    public const byte DefineArithmeticConditioning = 0xCC;
    public const byte Restart0 = 0xD0;
    public const byte Restart7 = 0xD7;
    public const byte StartOfImage = 0xD8;
    public const byte EndOfImage = 0xD9;
    public const byte StartOfScan = 0xDA;
    public const byte DefineNumberOfLines = 0xDC;

    /// <summary>Names the kind of a start-of-frame marker this decoder refuses, or null for one it decodes.</summary>
    public static string? UnsupportedFrameKind(byte marker) => marker switch
    {
        StartOfFrameBaseline or StartOfFrameExtended => null,
        StartOfFrameProgressive => "progressive",
        StartOfFrameLossless => "lossless",
        0xC5 or 0xC6 or 0xC7 => "hierarchical (differential)",
        0xC9 or 0xCA => "arithmetic-coded",
        0xCB => "arithmetic-coded lossless",
        0xCD or 0xCE or 0xCF => "arithmetic-coded hierarchical",
        _ => "unknown frame type",
    };

    public static bool IsStartOfFrame(byte marker) =>
        marker is >= 0xC0 and <= 0xCF and not DefineHuffmanTables and not DefineArithmeticConditioning and not 0xC8;
}
