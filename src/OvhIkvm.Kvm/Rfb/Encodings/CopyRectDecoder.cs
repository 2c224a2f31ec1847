namespace OvhIkvm.Kvm.Rfb.Encodings;

/// <summary>CopyRect (RFC 6143 section 7.7.2): copy an area the client already has.</summary>
internal sealed class CopyRectDecoder : IRfbRectangleDecoder
{
    public RfbEncoding Encoding => RfbEncoding.CopyRect;

    public async ValueTask DecodeAsync(RfbRectangle rectangle, RfbDecodingContext context, CancellationToken cancellationToken)
    {
        var sourceX = await context.Reader.ReadU16Async(cancellationToken).ConfigureAwait(false);
        var sourceY = await context.Reader.ReadU16Async(cancellationToken).ConfigureAwait(false);
        context.Framebuffer.Copy(sourceX, sourceY, rectangle.X, rectangle.Y, rectangle.Width, rectangle.Height);
    }
}
