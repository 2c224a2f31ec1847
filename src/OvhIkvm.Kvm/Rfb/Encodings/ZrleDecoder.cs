namespace OvhIkvm.Kvm.Rfb.Encodings;

/// <summary>
/// ZRLE (RFC 6143 section 7.7.6): a zlib stream, persistent for the whole connection, of 64x64 tiles that are raw,
/// solid, packed-palette, plain RLE or palette RLE. The rectangle's inflated size is bounded by the worst case of
/// its tiles, so a hostile stream cannot inflate without limit, and the compressed bytes are inflated as they
/// arrive: memory follows what the server actually sent, never the length it announced. A rectangle whose bound
/// passes <see cref="RfbDecodingContext.RetainedScratchLength"/> reserves it in the session's decode budget first.
/// </summary>
internal sealed class ZrleDecoder : IRfbRectangleDecoder, IDisposable
{
    private const int TileSize = 64;
    private const int MaxPaletteSize = 127;
    private readonly PersistentInflater _inflater = new();
    private readonly uint[] _palette = new uint[MaxPaletteSize];
    private readonly uint[] _tile = new uint[TileSize * TileSize];
    private byte[] _inflated = [];
    private int _inflatedLength;
    private int _maxInflatedLength;

    public RfbEncoding Encoding => RfbEncoding.Zrle;

    public async ValueTask DecodeAsync(RfbRectangle rectangle, RfbDecodingContext context, CancellationToken cancellationToken)
    {
        var pixels = new CompressedPixels(context.Converter);
        var tiles = ((rectangle.Width + TileSize - 1) / TileSize) * (long)((rectangle.Height + TileSize - 1) / TileSize);

        // Worst cases per tile: a subencoding byte, a full palette, and a pixel plus a run byte for every pixel.
        var bound = (rectangle.PixelCount * (pixels.Length + 1)) + (tiles * (1 + (MaxPaletteSize * pixels.Length)));

        // zlib adds at most a few bytes per stored block and per flush to data that does not compress.
        var maxCompressed = bound + (bound / 64) + 1024;
        var length = await context.Reader.ReadU32Async(cancellationToken).ConfigureAwait(false);
        if (length > maxCompressed)
        {
            throw new RfbProtocolException(
                $"The VNC server announced {length} bytes of ZRLE data for a {rectangle.Width}x{rectangle.Height} rectangle, more than the {maxCompressed} it can need.");
        }

        _inflatedLength = 0;
        _maxInflatedLength = (int)Math.Min(bound, int.MaxValue);
        using var reservation = bound > RfbDecodingContext.RetainedScratchLength
            ? await context.Memory.ReserveAsync(bound, cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            await context.Reader.ReadChunksAsync(length, static (chunk, decoder) => decoder.Inflate(chunk), this, cancellationToken).ConfigureAwait(false);
            if (rectangle.PixelCount > 0)
            {
                DecodeTiles(rectangle, new SpanCursor(_inflated.AsSpan(0, _inflatedLength), "ZRLE"), pixels, context.Framebuffer);
            }
        }
        finally
        {
            if (_inflated.Length > RfbDecodingContext.RetainedScratchLength)
            {
                _inflated = [];
            }
        }
    }

    public void Dispose() => _inflater.Dispose();

    private void Inflate(ReadOnlySpan<byte> chunk) =>
        _inflatedLength = _inflater.InflateGrowing(chunk, ref _inflated, _inflatedLength, _maxInflatedLength, "ZRLE");

    private void DecodeTiles(RfbRectangle rectangle, SpanCursor data, CompressedPixels pixels, RfbFramebuffer framebuffer)
    {
        for (var tileY = rectangle.Y; tileY < rectangle.Y + rectangle.Height; tileY += TileSize)
        {
            var height = Math.Min(TileSize, rectangle.Y + rectangle.Height - tileY);
            for (var tileX = rectangle.X; tileX < rectangle.X + rectangle.Width; tileX += TileSize)
            {
                var width = Math.Min(TileSize, rectangle.X + rectangle.Width - tileX);
                var tile = _tile.AsSpan(0, width * height);
                DecodeTile(ref data, pixels, width, height, tile);
                for (var row = 0; row < height; row++)
                {
                    tile.Slice(row * width, width).CopyTo(framebuffer.Row(tileX, tileY + row, width));
                }
            }
        }
    }

    private void DecodeTile(ref SpanCursor data, CompressedPixels pixels, int width, int height, Span<uint> tile)
    {
        var subencoding = data.ReadByte();
        switch (subencoding)
        {
            case 0:
                for (var i = 0; i < tile.Length; i++)
                {
                    tile[i] = pixels.ToRgba(data.Read(pixels.Length));
                }

                break;
            case 1:
                tile.Fill(pixels.ToRgba(data.Read(pixels.Length)));
                break;
            case <= 16:
                ReadPalette(ref data, pixels, subencoding);
                DecodePackedPalette(ref data, subencoding, width, height, tile);
                break;
            case 128:
                DecodeRuns(ref data, pixels, tile, paletteSize: 0);
                break;
            case >= 130:
                ReadPalette(ref data, pixels, subencoding - 128);
                DecodeRuns(ref data, pixels, tile, subencoding - 128);
                break;
            default:
                throw new RfbProtocolException($"The VNC server sent ZRLE tile subencoding {subencoding}, which RFC 6143 leaves unused.");
        }
    }

    private void ReadPalette(ref SpanCursor data, CompressedPixels pixels, int size)
    {
        for (var i = 0; i < size; i++)
        {
            _palette[i] = pixels.ToRgba(data.Read(pixels.Length));
        }
    }

    private void DecodePackedPalette(ref SpanCursor data, int paletteSize, int width, int height, Span<uint> tile)
    {
        var bits = paletteSize switch { 2 => 1, <= 4 => 2, _ => 4 };
        var mask = (1 << bits) - 1;
        var rowBytes = ((width * bits) + 7) / 8;
        for (var y = 0; y < height; y++)
        {
            var row = data.Read(rowBytes);
            for (var x = 0; x < width; x++)
            {
                var bitOffset = x * bits;
                var index = (row[bitOffset >> 3] >> (8 - bits - (bitOffset & 7))) & mask;
                if (index >= paletteSize)
                {
                    throw new RfbProtocolException("The VNC server sent a ZRLE palette index beyond its palette.");
                }

                tile[(y * width) + x] = _palette[index];
            }
        }
    }

    private void DecodeRuns(ref SpanCursor data, CompressedPixels pixels, Span<uint> tile, int paletteSize)
    {
        var position = 0;
        while (position < tile.Length)
        {
            uint colour;
            var runLength = 1;
            if (paletteSize == 0)
            {
                colour = pixels.ToRgba(data.Read(pixels.Length));
                runLength = ReadRunLength(ref data);
            }
            else
            {
                var index = data.ReadByte();
                if ((index & 0x7F) >= paletteSize)
                {
                    throw new RfbProtocolException("The VNC server sent a ZRLE palette index beyond its palette.");
                }

                colour = _palette[index & 0x7F];
                if ((index & 0x80) != 0)
                {
                    runLength = ReadRunLength(ref data);
                }
            }

            if (runLength > tile.Length - position)
            {
                throw new RfbProtocolException("The VNC server sent a ZRLE run longer than its tile.");
            }

            tile.Slice(position, runLength).Fill(colour);
            position += runLength;
        }
    }

    private static int ReadRunLength(ref SpanCursor data)
    {
        var length = 1;
        byte next;
        do
        {
            next = data.ReadByte();
            length += next;

            // A run never exceeds a tile; stop counting long before int overflow.
            if (length > TileSize * TileSize)
            {
                throw new RfbProtocolException("The VNC server sent a ZRLE run longer than its tile.");
            }
        }
        while (next == byte.MaxValue);

        return length;
    }
}
