namespace OvhIkvm.Kvm.Rfb.Encodings;

/// <summary>What every rectangle decoder works with: the server's bytes, the screen it paints, the pixel format in force.</summary>
internal sealed class RfbDecodingContext(RfbReader reader, RfbFramebuffer framebuffer, RfbPixelConverter converter)
{
    public RfbReader Reader { get; } = reader;

    public RfbFramebuffer Framebuffer { get; } = framebuffer;

    /// <summary>Replaced when the server falls back to its own colour-mapped format.</summary>
    public RfbPixelConverter Converter { get; set; } = converter;
}
