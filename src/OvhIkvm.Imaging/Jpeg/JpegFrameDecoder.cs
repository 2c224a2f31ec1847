using System.Buffers.Binary;

namespace OvhIkvm.Imaging.Jpeg;

/// <summary>
/// Decodes one sequential Huffman JPEG: walks the markers, keeps the tables, decodes each scan straight into
/// per-component sample planes, then upsamples and converts to RGBA. One instance per image; not thread-safe.
/// </summary>
internal sealed class JpegFrameDecoder
{
    private const int MaxComponents = 3;

    private readonly FrameLimits _limits;
    private readonly int[][] _quantization = new int[4][];
    private readonly JpegHuffmanTable?[] _dcTables = new JpegHuffmanTable?[4];
    private readonly JpegHuffmanTable?[] _acTables = new JpegHuffmanTable?[4];
    private JpegComponent[] _components = [];
    private int _width;
    private int _height;
    private int _maxH;
    private int _maxV;
    private int _mcusPerLine;
    private int _mcusPerColumn;
    private int _restartInterval;
    private int _adobeTransform = -1;
    private bool _sawJfif;

    public JpegFrameDecoder(FrameLimits limits) => _limits = limits;

    public Frame Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != JpegMarker.StartOfImage)
        {
            throw new ImageDecodeException("not a JPEG: the data does not start with the SOI marker (FF D8)");
        }

        var position = 2;
        while (true)
        {
            position = SkipFillBytes(data, position);
            if (position + 1 >= data.Length)
            {
                // Some encoders and truncating transports drop the final EOI; a complete image is still an image.
                return Finish();
            }

            if (data[position] != 0xFF)
            {
                throw new ImageDecodeException($"corrupt JPEG: expected a marker at byte {position}");
            }

            var marker = data[position + 1];
            position += 2;
            switch (marker)
            {
                case JpegMarker.EndOfImage:
                    return Finish();
                case >= JpegMarker.Restart0 and <= JpegMarker.Restart7:
                    // A stray restart marker between segments carries no data.
                    continue;
                case 0x01:
                    continue;
            }

            var segment = ReadSegment(data, position, marker);
            position += 2 + segment.Length;
            switch (marker)
            {
                case JpegMarker.DefineQuantizationTables:
                    ReadQuantizationTables(segment);
                    break;
                case JpegMarker.DefineHuffmanTables:
                    ReadHuffmanTables(segment);
                    break;
                case JpegMarker.DefineRestartInterval:
                    RequireLength(segment, 2, "DRI");
                    _restartInterval = BinaryPrimitives.ReadUInt16BigEndian(segment);
                    break;
                case JpegMarker.DefineArithmeticConditioning:
                    throw new ImageDecodeException("unsupported JPEG: arithmetic-coded");
                case JpegMarker.DefineNumberOfLines:
                    throw new ImageDecodeException("unsupported JPEG: height defined by a DNL marker");
                case JpegMarker.StartOfScan:
                    position = DecodeScan(data, segment, position);
                    break;
                case 0xE0:
                    _sawJfif |= segment.StartsWith("JFIF\0"u8);
                    break;
                case JpegMarker.App14Adobe:
                    if (segment.Length >= 12 && segment.StartsWith("Adobe"u8))
                    {
                        _adobeTransform = segment[11];
                    }

                    break;
                default:
                    if (JpegMarker.IsStartOfFrame(marker))
                    {
                        ReadFrameHeader(marker, segment);
                    }

                    // Every other APPn, COM, and reserved marker is metadata we do not need (EXIF, ICC, ...).
                    break;
            }
        }
    }

    private static int SkipFillBytes(ReadOnlySpan<byte> data, int position)
    {
        // Any marker may be preceded by 0xFF fill bytes (T.81 B.1.1.2).
        while (position + 2 < data.Length && data[position] == 0xFF && data[position + 1] == 0xFF)
        {
            position++;
        }

        return position;
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

    private static void RequireLength(ReadOnlySpan<byte> segment, int length, string name)
    {
        if (segment.Length < length)
        {
            throw new ImageDecodeException($"corrupt JPEG: the {name} segment is too short");
        }
    }

    private void ReadQuantizationTables(ReadOnlySpan<byte> segment)
    {
        while (!segment.IsEmpty)
        {
            var precision = segment[0] >> 4;
            var id = segment[0] & 0x0F;
            var size = precision == 0 ? 64 : 128;
            if (precision > 1 || id > 3 || segment.Length < 1 + size)
            {
                throw new ImageDecodeException("corrupt JPEG: invalid quantization table");
            }

            var table = new int[64];
            for (var k = 0; k < 64; k++)
            {
                table[k] = precision == 0 ? segment[1 + k] : BinaryPrimitives.ReadUInt16BigEndian(segment[(1 + (2 * k))..]);
            }

            _quantization[id] = table;
            segment = segment[(1 + size)..];
        }
    }

    private void ReadHuffmanTables(ReadOnlySpan<byte> segment)
    {
        while (!segment.IsEmpty)
        {
            RequireLength(segment, 17, "DHT");
            var tableClass = segment[0] >> 4;
            var id = segment[0] & 0x0F;
            if (tableClass > 1 || id > 3)
            {
                throw new ImageDecodeException("corrupt JPEG: invalid Huffman table class or id");
            }

            var counts = segment.Slice(1, 16);
            var total = 0;
            foreach (var count in counts)
            {
                total += count;
            }

            if (total > 256 || segment.Length < 17 + total)
            {
                throw new ImageDecodeException("corrupt JPEG: invalid Huffman table size");
            }

            var table = JpegHuffmanTable.Build(counts, segment.Slice(17, total));
            (tableClass == 0 ? _dcTables : _acTables)[id] = table;
            segment = segment[(17 + total)..];
        }
    }

    private void ReadFrameHeader(byte marker, ReadOnlySpan<byte> segment)
    {
        var unsupported = JpegMarker.UnsupportedFrameKind(marker);
        if (unsupported is not null)
        {
            throw new ImageDecodeException($"unsupported JPEG: {unsupported}");
        }

        if (_components.Length != 0)
        {
            throw new ImageDecodeException("corrupt JPEG: more than one frame header");
        }

        RequireLength(segment, 6, "SOF");
        if (segment[0] != 8)
        {
            throw new ImageDecodeException($"unsupported JPEG: {segment[0]}-bit precision");
        }

        _height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
        _width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
        int count = segment[5];
        if (_height == 0)
        {
            throw new ImageDecodeException("unsupported JPEG: height defined by a DNL marker");
        }

        _limits.EnsureWithin(_width, _height);
        if (count is not 1 and not MaxComponents)
        {
            throw new ImageDecodeException($"unsupported JPEG: {count} colour components (only greyscale and YCbCr/RGB)");
        }

        RequireLength(segment, 6 + (3 * count), "SOF");
        var components = new JpegComponent[count];
        for (var i = 0; i < count; i++)
        {
            var entry = segment.Slice(6 + (3 * i), 3);
            int h = entry[1] >> 4;
            int v = entry[1] & 0x0F;
            if (h is < 1 or > 2 || v is < 1 or > 2)
            {
                throw new ImageDecodeException($"unsupported JPEG: sampling factors {h}x{v} (at most 2x2)");
            }

            if (entry[2] > 3)
            {
                throw new ImageDecodeException("corrupt JPEG: invalid quantization table id");
            }

            for (var j = 0; j < i; j++)
            {
                if (components[j].Id == entry[0])
                {
                    throw new ImageDecodeException("corrupt JPEG: two components share an id");
                }
            }

            components[i] = new JpegComponent(entry[0], h, v, entry[2]);
        }

        // A single-component image is always one block per MCU, whatever its header says (T.81 A.2.2).
        if (count == 1)
        {
            components[0] = new JpegComponent(components[0].Id, 1, 1, components[0].QuantizationTable);
        }

        _maxH = 1;
        _maxV = 1;
        foreach (var component in components)
        {
            _maxH = Math.Max(_maxH, component.HorizontalSampling);
            _maxV = Math.Max(_maxV, component.VerticalSampling);
        }

        _mcusPerLine = (_width + (8 * _maxH) - 1) / (8 * _maxH);
        _mcusPerColumn = (_height + (8 * _maxV) - 1) / (8 * _maxV);
        foreach (var component in components)
        {
            component.SetGeometry(_width, _height, _maxH, _maxV, _mcusPerLine, _mcusPerColumn);
        }

        _components = components;
    }

    private int DecodeScan(ReadOnlySpan<byte> data, ReadOnlySpan<byte> header, int position)
    {
        if (_components.Length == 0)
        {
            throw new ImageDecodeException("corrupt JPEG: a scan starts before the frame header");
        }

        RequireLength(header, 1, "SOS");
        int count = header[0];
        if (count < 1 || count > _components.Length || header.Length < 1 + (2 * count) + 3)
        {
            throw new ImageDecodeException("corrupt JPEG: invalid scan header");
        }

        var scan = new JpegComponent[count];
        for (var i = 0; i < count; i++)
        {
            var id = header[1 + (2 * i)];
            var tables = header[2 + (2 * i)];
            var component = Array.Find(_components, c => c.Id == id)
                ?? throw new ImageDecodeException("corrupt JPEG: a scan names a component the frame does not have");
            component.DcTable = tables >> 4;
            component.AcTable = tables & 0x0F;
            if (component.DcTable > 3 || component.AcTable > 3 || _dcTables[component.DcTable] is null || _acTables[component.AcTable] is null)
            {
                throw new ImageDecodeException("corrupt JPEG: a scan uses a Huffman table that was never defined");
            }

            if (_quantization[component.QuantizationTable] is null)
            {
                throw new ImageDecodeException("corrupt JPEG: a component uses a quantization table that was never defined");
            }

            scan[i] = component;
        }

        var spectral = header.Slice(1 + (2 * count), 3);
        if (spectral[0] != 0 || spectral[1] != 63 || spectral[2] != 0)
        {
            throw new ImageDecodeException("corrupt JPEG: a sequential scan must cover coefficients 0 to 63");
        }

        var blocks = CountScanBlocks(scan);

        // Every block costs at least two bits (a DC and an AC code), so the input bounds what we may allocate.
        if (blocks * 2 > (long)(data.Length - position) * 8)
        {
            throw new ImageDecodeException("truncated JPEG: the image data is too short for the frame size");
        }

        foreach (var component in scan)
        {
            component.AllocatePlane();
            component.DcPredictor = 0;
            component.Scanned = true;
        }

        var reader = new JpegBitReader(data, position);
        var scanDecoder = new JpegScanDecoder(scan, _quantization, _dcTables, _acTables);
        scanDecoder.Decode(ref reader, _mcusPerLine, _mcusPerColumn, _restartInterval);
        return reader.SeekMarker();
    }

    private long CountScanBlocks(JpegComponent[] scan)
    {
        if (scan.Length == 1)
        {
            var c = scan[0];
            return (long)((c.Width + 7) / 8) * ((c.Height + 7) / 8);
        }

        long perMcu = 0;
        foreach (var c in scan)
        {
            perMcu += c.HorizontalSampling * c.VerticalSampling;
        }

        return perMcu * _mcusPerLine * _mcusPerColumn;
    }

    private Frame Finish()
    {
        if (_components.Length == 0)
        {
            throw new ImageDecodeException("corrupt JPEG: no frame header before the end of the image");
        }

        foreach (var component in _components)
        {
            if (!component.Scanned)
            {
                throw new ImageDecodeException("truncated JPEG: a colour component has no image data");
            }
        }

        return JpegColorConverter.ToFrame(_components, _width, _height, _maxH, _maxV, IsRgb());
    }

    private bool IsRgb()
    {
        // libjpeg's rule: the Adobe marker decides; without it, component ids 'R','G','B' and no JFIF mean RGB.
        if (_components.Length != MaxComponents)
        {
            return false;
        }

        if (_adobeTransform >= 0)
        {
            return _adobeTransform == 0;
        }

        return !_sawJfif && _components[0].Id == 'R' && _components[1].Id == 'G' && _components[2].Id == 'B';
    }
}
