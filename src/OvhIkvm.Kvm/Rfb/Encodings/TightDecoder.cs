using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Jpeg;

namespace OvhIkvm.Kvm.Rfb.Encodings;

/// <summary>
/// Tight (the TightVNC encoding, as in the RFB community specification): per rectangle a compression-control
/// byte selects fill, JPEG, or "basic" data (copy, palette or gradient filter) compressed on one of four
/// persistent zlib streams. Every announced length is bounded by what the rectangle can hold, and a rectangle's
/// buffers beyond <see cref="RfbDecodingContext.RetainedScratchLength"/> are reserved in the session's decode budget
/// for as long as the rectangle is decoded.
/// </summary>
internal sealed class TightDecoder(FrameLimits limits) : IRfbRectangleDecoder, IDisposable
{
    private const int StreamCount = 4;
    private const int MinToCompress = 12;
    private const byte FillControl = 0x08;
    private const byte JpegControl = 0x09;
    private const byte ExplicitFilterFlag = 0x04;
    private const byte CopyFilter = 0;
    private const byte PaletteFilter = 1;
    private const byte GradientFilter = 2;

    // libjpeg-turbo through Skia: a native copy of the compressed bytes besides ours, and the RGBA output plus the
    // component planes and upsampling rows, about twice the output.
    private const int JpegCompressedCopies = 2;
    private const int JpegBytesPerPixel = 2 * Frame.BytesPerPixel;

    private readonly PersistentInflater[] _streams = [new(), new(), new(), new()];
    private readonly uint[] _palette = new uint[256];
    private byte[] _compressed = [];
    private byte[] _data = [];
    private int _dataLength;
    private PersistentInflater? _inflating;
    private int _inflated;

    public RfbEncoding Encoding => RfbEncoding.Tight;

    public async ValueTask DecodeAsync(RfbRectangle rectangle, RfbDecodingContext context, CancellationToken cancellationToken)
    {
        var reader = context.Reader;
        var control = await reader.ReadU8Async(cancellationToken).ConfigureAwait(false);
        for (var stream = 0; stream < StreamCount; stream++)
        {
            if ((control & (1 << stream)) != 0)
            {
                _streams[stream].Reset();
            }
        }

        var kind = control >> 4;
        var pixelLength = context.Converter.Format.UsesTightRgb24 ? 3 : context.Converter.BytesPerPixel;
        if (kind == FillControl)
        {
            var fill = ToRgba(context.Converter, (await reader.ReadBlockAsync(pixelLength, cancellationToken).ConfigureAwait(false)).Span);
            context.Framebuffer.Fill(rectangle.X, rectangle.Y, rectangle.Width, rectangle.Height, fill);
            return;
        }

        if (kind == JpegControl)
        {
            await DecodeJpegAsync(rectangle, context, cancellationToken).ConfigureAwait(false);
            return;
        }

        if ((kind & 0x08) != 0)
        {
            throw new RfbProtocolException($"The VNC server sent Tight compression type {kind}, which this client does not support.");
        }

        await DecodeBasicAsync(rectangle, context, kind, pixelLength, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var stream in _streams)
        {
            stream.Dispose();
        }
    }

    private async ValueTask DecodeBasicAsync(RfbRectangle rectangle, RfbDecodingContext context, int kind, int pixelLength, CancellationToken cancellationToken)
    {
        var reader = context.Reader;
        var streamId = kind & 0x03;
        var filter = (kind & ExplicitFilterFlag) != 0 ? await reader.ReadU8Async(cancellationToken).ConfigureAwait(false) : CopyFilter;
        var paletteSize = 0;
        switch (filter)
        {
            case CopyFilter:
                break;
            case PaletteFilter:
                paletteSize = await reader.ReadU8Async(cancellationToken).ConfigureAwait(false) + 1;
                var palette = await reader.ReadBlockAsync(paletteSize * pixelLength, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < paletteSize; i++)
                {
                    _palette[i] = ToRgba(context.Converter, palette.Span.Slice(i * pixelLength, pixelLength));
                }

                break;
            case GradientFilter when context.Converter.Format.TrueColour:
                break;
            default:
                throw new RfbProtocolException($"The VNC server sent Tight filter {filter}, which this client does not support.");
        }

        var rowLength = paletteSize switch
        {
            0 => (long)rectangle.Width * pixelLength,
            2 => (rectangle.Width + 7) / 8,
            _ => rectangle.Width,
        };
        var dataLength = rowLength * rectangle.Height;
        if (dataLength > int.MaxValue / 2)
        {
            throw new RfbProtocolException("The VNC server sent a Tight rectangle too large to decode.");
        }

        _dataLength = (int)dataLength;
        using var reservation = dataLength > RfbDecodingContext.RetainedScratchLength
            ? await context.Memory.ReserveAsync(dataLength, cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            await ReadBasicAsync(reader, streamId, dataLength, cancellationToken).ConfigureAwait(false);
            PaintBasic(rectangle, context, filter, paletteSize, rowLength, pixelLength);
        }
        finally
        {
            if (_data.Length > RfbDecodingContext.RetainedScratchLength)
            {
                _data = [];
            }
        }
    }

    private async ValueTask ReadBasicAsync(RfbReader reader, int streamId, long dataLength, CancellationToken cancellationToken)
    {
        if (dataLength < MinToCompress)
        {
            if (_data.Length < MinToCompress)
            {
                _data = new byte[MinToCompress];
            }

            await reader.ReadExactlyAsync(_data.AsMemory(0, _dataLength), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Inflated as the compressed bytes arrive, into a buffer that grows with the output.
            _inflating = _streams[streamId];
            _inflated = 0;
            await reader.ReadChunksAsync(await ReadCompactLengthAsync(reader, cancellationToken).ConfigureAwait(false), static (chunk, decoder) => decoder.Inflate(chunk), this, cancellationToken).ConfigureAwait(false);
            if (_inflated < dataLength)
            {
                throw new RfbProtocolException("The VNC server sent Tight data that decompresses to less than it announced.");
            }
        }
    }

    private void PaintBasic(RfbRectangle rectangle, RfbDecodingContext context, byte filter, int paletteSize, long rowLength, int pixelLength)
    {
        var data = _data.AsMemory(0, _dataLength);
        var pixels = data.Span;
        var framebuffer = context.Framebuffer;
        for (var y = 0; y < rectangle.Height; y++)
        {
            var row = pixels.Slice((int)(y * rowLength), (int)rowLength);
            var target = framebuffer.Row(rectangle.X, rectangle.Y + y, rectangle.Width);
            switch (filter)
            {
                case PaletteFilter:
                    PaintPaletteRow(row, paletteSize, target);
                    break;
                case GradientFilter:
                    // The gradient filter predicts from the row above: undo it in place so the next row sees real pixels.
                    var above = y == 0 ? default : pixels.Slice((int)((y - 1) * rowLength), (int)rowLength);
                    UndoGradient(context.Converter, pixelLength, above, row);
                    goto default;
                default:
                    for (var x = 0; x < rectangle.Width; x++)
                    {
                        target[x] = ToRgba(context.Converter, row.Slice(x * pixelLength, pixelLength));
                    }

                    break;
            }
        }
    }

    private void PaintPaletteRow(ReadOnlySpan<byte> row, int paletteSize, Span<uint> target)
    {
        for (var x = 0; x < target.Length; x++)
        {
            var index = paletteSize == 2 ? (row[x >> 3] >> (7 - (x & 7))) & 1 : row[x];
            if (index >= paletteSize)
            {
                throw new RfbProtocolException("The VNC server sent a Tight palette index beyond its palette.");
            }

            target[x] = _palette[index];
        }
    }

    /// <summary>
    /// Each channel was sent as the difference from left + above - above-left (clamped to the channel's range),
    /// modulo the channel's range; channels are bytes for 3-byte pixels, else the format's shifted fields.
    /// </summary>
    private static void UndoGradient(RfbPixelConverter converter, int pixelLength, ReadOnlySpan<byte> above, Span<byte> row)
    {
        var format = converter.Format;
        Span<int> max = [format.RedMax, format.GreenMax, format.BlueMax];
        Span<int> shift = [format.RedShift, format.GreenShift, format.BlueShift];
        Span<int> left = stackalloc int[3];
        Span<int> upperLeft = stackalloc int[3];
        Span<int> upper = stackalloc int[3];
        Span<int> current = stackalloc int[3];
        var width = row.Length / pixelLength;
        for (var x = 0; x < width; x++)
        {
            if (above.IsEmpty)
            {
                upper.Clear();
            }
            else
            {
                ReadChannels(converter, pixelLength, above.Slice(x * pixelLength, pixelLength), max, shift, upper);
            }

            ReadChannels(converter, pixelLength, row.Slice(x * pixelLength, pixelLength), max, shift, current);
            for (var c = 0; c < 3; c++)
            {
                var prediction = Math.Clamp(left[c] + upper[c] - upperLeft[c], 0, max[c]);
                current[c] = (prediction + current[c]) & max[c];
            }

            WriteChannels(converter, pixelLength, row.Slice(x * pixelLength, pixelLength), shift, current);
            current.CopyTo(left);
            upper.CopyTo(upperLeft);
        }
    }

    private static void ReadChannels(RfbPixelConverter converter, int pixelLength, ReadOnlySpan<byte> pixel, ReadOnlySpan<int> max, ReadOnlySpan<int> shift, Span<int> channels)
    {
        if (pixelLength == 3)
        {
            channels[0] = pixel[0];
            channels[1] = pixel[1];
            channels[2] = pixel[2];
            return;
        }

        var value = converter.ReadValue(pixel);
        for (var c = 0; c < 3; c++)
        {
            channels[c] = (int)(value >> shift[c]) & max[c];
        }
    }

    private static void WriteChannels(RfbPixelConverter converter, int pixelLength, Span<byte> pixel, ReadOnlySpan<int> shift, ReadOnlySpan<int> channels)
    {
        if (pixelLength == 3)
        {
            pixel[0] = (byte)channels[0];
            pixel[1] = (byte)channels[1];
            pixel[2] = (byte)channels[2];
            return;
        }

        var value = (uint)((channels[0] << shift[0]) | (channels[1] << shift[1]) | (channels[2] << shift[2]));
        var format = converter.Format;
        for (var i = 0; i < pixelLength; i++)
        {
            var byteShift = format.BigEndian ? 8 * (pixelLength - 1 - i) : 8 * i;
            pixel[i] = (byte)(value >> byteShift);
        }
    }

    private async ValueTask DecodeJpegAsync(RfbRectangle rectangle, RfbDecodingContext context, CancellationToken cancellationToken)
    {
        var length = await ReadCompactLengthAsync(context.Reader, cancellationToken).ConfigureAwait(false);

        // Reserved before the bytes are read: what the compressed bytes and the decode can cost, held to the rectangle.
        var cost = ((long)length * JpegCompressedCopies) + (rectangle.PixelCount * JpegBytesPerPixel);
        using var reservation = cost > RfbDecodingContext.RetainedScratchLength
            ? await context.Memory.ReserveAsync(cost, cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            var jpeg = await ReadCompactBlockAsync(context.Reader, length, cancellationToken).ConfigureAwait(false);
            if (rectangle.PixelCount > 0)
            {
                PaintJpeg(rectangle, context, jpeg.Span);
            }
        }
        finally
        {
            if (_compressed.Length > RfbDecodingContext.RetainedScratchLength)
            {
                _compressed = [];
            }
        }
    }

    private void PaintJpeg(RfbRectangle rectangle, RfbDecodingContext context, ReadOnlySpan<byte> jpeg)
    {
        Frame image;
        try
        {
            // Held to the rectangle, not the screen: a JPEG that claims more is refused before its pixels are allocated.
            image = JpegDecoder.Decode(jpeg, new FrameLimits(Math.Min(rectangle.Width, limits.MaxWidth), Math.Min(rectangle.Height, limits.MaxHeight)));
        }
        catch (ImageDecodeException ex)
        {
            throw new RfbProtocolException($"The VNC server sent a Tight JPEG rectangle that could not be decoded ({ex.Message}); try a lossless encoding.", ex);
        }

        if (image.Width != rectangle.Width || image.Height != rectangle.Height)
        {
            throw new RfbProtocolException(
                $"The VNC server sent a {image.Width}x{image.Height} JPEG for a {rectangle.Width}x{rectangle.Height} Tight rectangle.");
        }

        var source = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(image.Pixels.AsSpan());
        for (var y = 0; y < rectangle.Height; y++)
        {
            source.Slice(y * rectangle.Width, rectangle.Width).CopyTo(context.Framebuffer.Row(rectangle.X, rectangle.Y + y, rectangle.Width));
        }
    }

    private void Inflate(ReadOnlySpan<byte> chunk) =>
        _inflated = _inflating!.InflateGrowing(chunk, ref _data, _inflated, _dataLength, "Tight");

    /// <summary>A JPEG's compact length and its bytes, in a buffer that grows as they arrive (not to the announced length).</summary>
    private async ValueTask<ReadOnlyMemory<byte>> ReadCompactBlockAsync(RfbReader reader, int length, CancellationToken cancellationToken)
    {
        var received = 0;
        while (received < length)
        {
            var chunk = Math.Min(length - received, reader.MaxBlockLength);
            if (_compressed.Length < received + chunk)
            {
                Array.Resize(ref _compressed, Math.Min(length, Math.Max(received + chunk, _compressed.Length * 2)));
            }

            await reader.ReadExactlyAsync(_compressed.AsMemory(received, chunk), cancellationToken).ConfigureAwait(false);
            received += chunk;
        }

        return _compressed.AsMemory(0, length);
    }

    /// <summary>Tight's compact length: 1 to 3 bytes, at most 22 bits, so at most 4 MiB.</summary>
    private static async ValueTask<int> ReadCompactLengthAsync(RfbReader reader, CancellationToken cancellationToken)
    {
        var length = 0;
        for (var i = 0; i < 3; i++)
        {
            var part = await reader.ReadU8Async(cancellationToken).ConfigureAwait(false);
            length |= (i == 2 ? part : part & 0x7F) << (7 * i);
            if (i < 2 && (part & 0x80) == 0)
            {
                break;
            }
        }

        return length;
    }

    private static uint ToRgba(RfbPixelConverter converter, ReadOnlySpan<byte> pixel) =>
        pixel.Length == 3 ? converter.FromChannels(pixel[0], pixel[1], pixel[2]) : converter.ToRgba(pixel);
}
