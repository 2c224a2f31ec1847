using System.Buffers.Binary;

namespace OvhIkvm.Kvm.Ami.Video;

/// <summary>
/// The 86-byte packed little-endian frame header AMI's video driver puts in front of every compressed frame
/// (<c>ast_videocap_video_hdr_t</c>). Only the fields a decoder needs are kept.
/// </summary>
internal sealed record VideoFrameHeader(
    int HeaderLength,
    int Width,
    int Height,
    byte CompressionMode,
    byte TableSelector,
    bool ChromaUsesLumaTables,
    byte AdvanceTableSelector,
    uint NumberOfBlocks,
    bool Rc4Encrypted,
    bool Mode420,
    uint CompressSize)
{
    /// <summary>The header size every known AMI firmware uses.</summary>
    public const int StandardLength = 86;

    /// <summary>
    /// Parses and validates a header. Returns null with a reason when the bytes cannot be a plausible frame header,
    /// so that the caller can resynchronise on the next fragment instead of failing the whole capture.
    /// </summary>
    public static VideoFrameHeader? TryParse(ReadOnlySpan<byte> bytes, VideoLimits limits, out string? error)
    {
        error = null;
        if (bytes.Length < StandardLength)
        {
            error = $"the video header is truncated ({bytes.Length} of {StandardLength} bytes)";
            return null;
        }

        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]);
        if (headerLength != StandardLength)
        {
            error = $"the video header declares a length of {headerLength} bytes instead of {StandardLength}";
            return null;
        }

        int sourceWidth = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        int sourceHeight = BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]);
        int width = BinaryPrimitives.ReadUInt16LittleEndian(bytes[13..]);
        int height = BinaryPrimitives.ReadUInt16LittleEndian(bytes[15..]);

        // AMI's driver sets Destination = Source; a firmware that leaves Destination empty still gets a picture.
        if (width == 0 || height == 0)
        {
            (width, height) = (sourceWidth, sourceHeight);
        }

        if (!limits.Frame.Allows(width, height))
        {
            error = $"the video header announces a {width}x{height} screen, outside 1x1 to {limits.Frame.MaxWidth}x{limits.Frame.MaxHeight}";
            return null;
        }

        var compressSize = BinaryPrimitives.ReadUInt32LittleEndian(bytes[69..]);
        var maxCompressed = limits.MaxCompressedBytesFor(width, height);
        if (compressSize == 0 || compressSize > maxCompressed)
        {
            error = $"the video header announces {compressSize} compressed bytes for a {width}x{height} screen (allowed: 1 to {maxCompressed})";
            return null;
        }

        return new VideoFrameHeader(
            headerLength,
            width,
            height,
            CompressionMode: bytes[42],
            TableSelector: bytes[44],
            ChromaUsesLumaTables: bytes[45] != 0,
            AdvanceTableSelector: bytes[47],
            NumberOfBlocks: BinaryPrimitives.ReadUInt32LittleEndian(bytes[49..]),
            Rc4Encrypted: bytes[53] != 0,
            Mode420: bytes[55] != 0,
            CompressSize: compressSize);
    }
}
