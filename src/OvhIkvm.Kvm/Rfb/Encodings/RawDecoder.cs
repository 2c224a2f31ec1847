namespace OvhIkvm.Kvm.Rfb.Encodings;

/// <summary>Raw encoding (RFC 6143 section 7.7.1): rows of pixels, left to right, top to bottom.</summary>
internal sealed class RawDecoder : IRfbRectangleDecoder
{
    public RfbEncoding Encoding => RfbEncoding.Raw;

    public async ValueTask DecodeAsync(RfbRectangle rectangle, RfbDecodingContext context, CancellationToken cancellationToken)
    {
        if (rectangle.Width == 0 || rectangle.Height == 0)
        {
            return;
        }

        var converter = context.Converter;
        var rowBytes = rectangle.Width * converter.BytesPerPixel;

        // Whole rows at a time from the read buffer: one conversion call per chunk, no per-pixel awaits.
        var rowsPerChunk = Math.Max(1, context.Reader.MaxBlockLength / rowBytes);
        var y = rectangle.Y;
        var end = rectangle.Y + rectangle.Height;
        while (y < end)
        {
            var rows = Math.Min(rowsPerChunk, end - y);
            var block = await context.Reader.ReadBlockAsync(rows * rowBytes, cancellationToken).ConfigureAwait(false);
            for (var row = 0; row < rows; row++)
            {
                converter.ToRgba(block.Span.Slice(row * rowBytes, rowBytes), context.Framebuffer.Row(rectangle.X, y + row, rectangle.Width));
            }

            y += rows;
        }
    }
}
