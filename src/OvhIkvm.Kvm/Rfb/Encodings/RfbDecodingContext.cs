using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Rfb.Encodings;

/// <summary>What every rectangle decoder works with: the server's bytes, the screen it paints, the pixel format in force.</summary>
internal sealed class RfbDecodingContext(RfbReader reader, RfbFramebuffer framebuffer, RfbPixelConverter converter, DecodeMemoryAccount memory)
{
    /// <summary>
    /// Rectangle buffers up to this size are kept from one rectangle to the next as the connection's own (like the
    /// reader's buffer); a larger one is reserved in <see cref="Memory"/> for its rectangle and dropped after it.
    /// </summary>
    public const int RetainedScratchLength = 64 * 1024;

    public RfbReader Reader { get; } = reader;

    public RfbFramebuffer Framebuffer { get; } = framebuffer;

    /// <summary>Replaced when the server falls back to its own colour-mapped format.</summary>
    public RfbPixelConverter Converter { get; set; } = converter;

    /// <summary>The session's account in the decode budget, which already holds the framebuffer.</summary>
    public DecodeMemoryAccount Memory { get; } = memory;
}
