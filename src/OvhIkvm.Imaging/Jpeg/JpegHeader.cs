using System.Buffers.Binary;

namespace OvhIkvm.Imaging.Jpeg;

/// <summary>
/// What the markers before the first scan say about a JPEG: its size, its kind and its sampling. It is read by
/// walking the segment lengths only (no entropy-coded data), so a hostile file is judged before the native decoder
/// sees it or a frame buffer is allocated.
/// </summary>
/// <param name="Width">Samples per line.</param>
/// <param name="Height">Lines.</param>
/// <param name="BlocksPerImage">8x8 blocks the scan must code: every component, padded to whole MCUs.</param>
/// <param name="ScanOffset">Where the entropy-coded data of the first scan starts.</param>
/// <param name="McuHeight">Lines in one row of MCUs.</param>
internal sealed record JpegHeader(int Width, int Height, long BlocksPerImage, int ScanOffset, int McuHeight)
{
    // The smallest block a Huffman scan can code is a 1-bit DC code plus a 1-bit end-of-block code.
    private const int MinimumBitsPerBlock = 2;

    /// <summary>The entropy-coded bytes a complete image of this size needs at the very least.</summary>
    public long MinimumScanBytes => ((BlocksPerImage * MinimumBitsPerBlock) + 7) / 8;

    /// <exception cref="ImageDecodeException">The data is not a JPEG, is truncated before its first scan, or is a kind we refuse.</exception>
    public static JpegHeader Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != JpegMarker.StartOfImage)
        {
            throw new ImageDecodeException("not a JPEG: the data does not start with the SOI marker (FF D8)");
        }

        (int Width, int Height, long Blocks, int McuHeight)? frame = null;
        var position = 2;
        while (true)
        {
            // Any marker may be preceded by 0xFF fill bytes (T.81 B.1.1.2).
            while (position + 2 < data.Length && data[position] == 0xFF && data[position + 1] == 0xFF)
            {
                position++;
            }

            if (position + 1 >= data.Length)
            {
                throw new ImageDecodeException(frame is null ? "corrupt JPEG: no frame header" : "truncated JPEG: the data ends before the image data");
            }

            if (data[position] != 0xFF)
            {
                throw new ImageDecodeException($"corrupt JPEG: expected a marker at byte {position}");
            }

            var marker = data[position + 1];
            position += 2;
            if (marker == JpegMarker.EndOfImage)
            {
                throw new ImageDecodeException(frame is null ? "corrupt JPEG: no frame header" : "corrupt JPEG: no image data");
            }

            if (marker is 0x01 or (>= JpegMarker.Restart0 and <= JpegMarker.Restart7))
            {
                continue;
            }

            var segment = ReadSegment(data, position, marker);
            position += 2 + segment.Length;
            switch (marker)
            {
                case JpegMarker.StartOfScan when frame is { } f:
                    return new JpegHeader(f.Width, f.Height, f.Blocks, position, f.McuHeight);
                case JpegMarker.StartOfScan:
                    throw new ImageDecodeException("corrupt JPEG: a scan starts before the frame header");
                case JpegMarker.DefineArithmeticConditioning:
                    throw new ImageDecodeException("unsupported JPEG: arithmetic-coded");
                case JpegMarker.DefineNumberOfLines:
                    throw new ImageDecodeException("unsupported JPEG: height defined by a DNL marker");
                default:
                    if (JpegMarker.IsStartOfFrame(marker))
                    {
                        frame = frame is null ? ReadFrame(marker, segment) : throw new ImageDecodeException("corrupt JPEG: two frame headers");
                    }

                    break;
            }
        }
    }

    private static ReadOnlySpan<byte> ReadSegment(ReadOnlySpan<byte> data, int position, byte marker)
    {
        if (position + 2 > data.Length)
        {
            throw new ImageDecodeException($"truncated JPEG: the segment of marker FF {marker:X2} has no length");
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
        if (length < 2 || position + length > data.Length)
        {
            throw new ImageDecodeException($"truncated JPEG: the segment of marker FF {marker:X2} claims {length} bytes");
        }

        return data.Slice(position + 2, length - 2);
    }

    private static (int Width, int Height, long Blocks, int McuHeight) ReadFrame(byte marker, ReadOnlySpan<byte> segment)
    {
        // Progressive and arithmetic files are legal JPEG, but no BMC or VNC server sends them, and a progressive
        // decode holds every coefficient of the image at once: refusing them keeps memory proportional to the screen.
        if (JpegMarker.UnsupportedFrameKind(marker) is { } kind)
        {
            throw new ImageDecodeException($"unsupported JPEG: {kind}");
        }

        if (segment.Length < 6)
        {
            throw new ImageDecodeException("corrupt JPEG: the SOF segment is too short");
        }

        if (segment[0] != 8)
        {
            throw new ImageDecodeException($"unsupported JPEG: {segment[0]}-bit precision");
        }

        var height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
        var width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
        var count = segment[5];
        if (count is not (1 or 3) || segment.Length < 6 + (3 * count))
        {
            throw new ImageDecodeException($"unsupported JPEG: {count} components (1 or 3 are supported)");
        }

        if (width == 0 || height == 0)
        {
            throw new ImageDecodeException(height == 0 ? "unsupported JPEG: height defined by a DNL marker" : "corrupt JPEG: zero width");
        }

        int maxH = 1, maxV = 1;
        Span<(int H, int V)> sampling = stackalloc (int, int)[3];
        for (var c = 0; c < count; c++)
        {
            var factors = segment[6 + (3 * c) + 1];
            var (h, v) = (factors >> 4, factors & 0x0F);
            if (h is < 1 or > 4 || v is < 1 or > 4)
            {
                throw new ImageDecodeException($"corrupt JPEG: sampling factors {h}x{v}");
            }

            sampling[c] = (h, v);
            (maxH, maxV) = (Math.Max(maxH, h), Math.Max(maxV, v));
        }

        var mcus = (long)DivideRoundingUp(width, 8 * maxH) * DivideRoundingUp(height, 8 * maxV);
        long blocksPerMcu = 0;
        foreach (var (h, v) in sampling[..count])
        {
            blocksPerMcu += h * v;
        }

        return count == 1
            ? (width, height, (long)DivideRoundingUp(width, 8) * DivideRoundingUp(height, 8), 8)
            : (width, height, mcus * blocksPerMcu, 8 * maxV);
    }

    private static int DivideRoundingUp(int value, int divisor) => (value + divisor - 1) / divisor;
}
