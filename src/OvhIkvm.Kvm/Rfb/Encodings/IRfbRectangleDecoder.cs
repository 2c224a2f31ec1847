namespace OvhIkvm.Kvm.Rfb.Encodings;

/// <summary>
/// Decodes the payload of one rectangle in one encoding and paints it into the framebuffer. The caller has
/// already checked that the rectangle lies inside the framebuffer. Decoders that keep state across rectangles
/// (the zlib streams of ZRLE and Tight) live as long as the connection.
/// </summary>
internal interface IRfbRectangleDecoder
{
    RfbEncoding Encoding { get; }

    ValueTask DecodeAsync(RfbRectangle rectangle, RfbDecodingContext context, CancellationToken cancellationToken);
}
