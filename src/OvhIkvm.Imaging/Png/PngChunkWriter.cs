using System.Buffers.Binary;
using System.IO.Hashing;

namespace OvhIkvm.Imaging.Png;

/// <summary>Writes PNG chunks (length, type, data, CRC-32 over type and data) into a buffer sized in advance.</summary>
internal ref struct PngChunkWriter(Span<byte> output)
{
    private readonly Span<byte> _output = output;
    private int _position;

    public void WriteSignature(ReadOnlySpan<byte> signature)
    {
        signature.CopyTo(_output[_position..]);
        _position += signature.Length;
    }

    public void WriteHeader(int width, int height, int bitDepth, PngColorType colorType)
    {
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = (byte)bitDepth;
        header[9] = (byte)colorType;
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // not interlaced
        WriteChunk("IHDR"u8, header);
    }

    public void WritePalette(ReadOnlySpan<uint> palette)
    {
        Span<byte> entries = stackalloc byte[palette.Length * 3];
        for (var i = 0; i < palette.Length; i++)
        {
            entries[i * 3] = (byte)palette[i];
            entries[(i * 3) + 1] = (byte)(palette[i] >> 8);
            entries[(i * 3) + 2] = (byte)(palette[i] >> 16);
        }

        WriteChunk("PLTE"u8, entries);
    }

    public void WriteChunk(scoped ReadOnlySpan<byte> type, scoped ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteInt32BigEndian(_output[_position..], data.Length);
        type.CopyTo(_output[(_position + 4)..]);
        data.CopyTo(_output[(_position + 8)..]);
        // The CRC covers the chunk type and data, which now sit side by side in the output.
        var crc = Crc32.HashToUInt32(_output.Slice(_position + 4, 4 + data.Length));
        BinaryPrimitives.WriteUInt32BigEndian(_output[(_position + 8 + data.Length)..], crc);
        _position += 12 + data.Length;
    }
}
