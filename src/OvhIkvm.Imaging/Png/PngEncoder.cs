using System.Buffers.Binary;
using System.IO.Compression;

namespace OvhIkvm.Imaging.Png;

/// <summary>Writes 8-bit RGBA PNG files from frames.</summary>
public static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Encode(Frame frame, CompressionLevel compression = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, frame.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], frame.Height);
        header[8] = 8; // bit depth
        header[9] = 6; // colour type: RGBA
        WriteChunk(output, "IHDR"u8, header);

        WriteChunk(output, "IDAT"u8, Deflate(frame, compression));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static byte[] Deflate(Frame frame, CompressionLevel compression)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, compression, leaveOpen: true))
        {
            for (var y = 0; y < frame.Height; y++)
            {
                zlib.WriteByte(0); // filter: none
                zlib.Write(frame.Row(y));
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);

        BinaryPrimitives.WriteUInt32BigEndian(word, PngCrc32.Append(PngCrc32.Append(0, type), data));
        output.Write(word);
    }
}
