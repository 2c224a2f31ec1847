namespace OvhIkvm.Imaging.Png;

/// <summary>CRC-32 as PNG chunks use it (ISO 3309, reflected polynomial 0xEDB88320).</summary>
/// <remarks>System.IO.Hashing is a separate package that the feed here may not serve; the table is 1 KiB.</remarks>
internal static class PngCrc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var c = ~crc;
        foreach (var b in data)
        {
            c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return ~c;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
