namespace OvhIkvm.Kvm.Rfb.Encodings;

/// <summary>
/// Hextile (RFC 6143 section 7.7.4): 16x16 tiles, each raw or a background plus sub-rectangles. Background and
/// foreground colours carry over from one tile to the next within a rectangle.
/// </summary>
internal sealed class HextileDecoder : IRfbRectangleDecoder
{
    private const int TileSize = 16;
    private const byte RawFlag = 1;
    private const byte BackgroundSpecified = 2;
    private const byte ForegroundSpecified = 4;
    private const byte AnySubrects = 8;
    private const byte SubrectsColoured = 16;

    public RfbEncoding Encoding => RfbEncoding.Hextile;

    public async ValueTask DecodeAsync(RfbRectangle rectangle, RfbDecodingContext context, CancellationToken cancellationToken)
    {
        var reader = context.Reader;
        var framebuffer = context.Framebuffer;
        var converter = context.Converter;
        var bpp = converter.BytesPerPixel;
        uint background = 0xFF00_0000;
        uint foreground = 0xFF00_0000;
        var raw = new RawDecoder();

        for (var tileY = rectangle.Y; tileY < rectangle.Y + rectangle.Height; tileY += TileSize)
        {
            var tileHeight = Math.Min(TileSize, rectangle.Y + rectangle.Height - tileY);
            for (var tileX = rectangle.X; tileX < rectangle.X + rectangle.Width; tileX += TileSize)
            {
                var tileWidth = Math.Min(TileSize, rectangle.X + rectangle.Width - tileX);
                var subencoding = await reader.ReadU8Async(cancellationToken).ConfigureAwait(false);
                if ((subencoding & RawFlag) != 0)
                {
                    await raw.DecodeAsync(new RfbRectangle(tileX, tileY, tileWidth, tileHeight, 0), context, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if ((subencoding & BackgroundSpecified) != 0)
                {
                    background = converter.ToRgba((await reader.ReadBlockAsync(bpp, cancellationToken).ConfigureAwait(false)).Span);
                }

                if ((subencoding & ForegroundSpecified) != 0)
                {
                    foreground = converter.ToRgba((await reader.ReadBlockAsync(bpp, cancellationToken).ConfigureAwait(false)).Span);
                }

                framebuffer.Fill(tileX, tileY, tileWidth, tileHeight, background);
                if ((subencoding & AnySubrects) == 0)
                {
                    continue;
                }

                var count = await reader.ReadU8Async(cancellationToken).ConfigureAwait(false);
                var coloured = (subencoding & SubrectsColoured) != 0;
                var subrectLength = coloured ? bpp + 2 : 2;
                var subrects = await reader.ReadBlockAsync(count * subrectLength, cancellationToken).ConfigureAwait(false);
                PaintSubrects(subrects.Span, count, coloured, converter, framebuffer, tileX, tileY, tileWidth, tileHeight, ref foreground);
            }
        }
    }

    private static void PaintSubrects(
        ReadOnlySpan<byte> subrects, int count, bool coloured, RfbPixelConverter converter, RfbFramebuffer framebuffer,
        int tileX, int tileY, int tileWidth, int tileHeight, ref uint foreground)
    {
        var bpp = converter.BytesPerPixel;
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            if (coloured)
            {
                foreground = converter.ToRgba(subrects.Slice(offset, bpp));
                offset += bpp;
            }

            var xy = subrects[offset];
            var wh = subrects[offset + 1];
            offset += 2;
            var x = xy >> 4;
            var y = xy & 0x0F;
            var width = (wh >> 4) + 1;
            var height = (wh & 0x0F) + 1;
            if (x + width > tileWidth || y + height > tileHeight)
            {
                throw new RfbProtocolException("The VNC server sent a Hextile sub-rectangle outside its tile.");
            }

            framebuffer.Fill(tileX + x, tileY + y, width, height, foreground);
        }
    }
}
