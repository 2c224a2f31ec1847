namespace OvhIkvm.Imaging.Jpeg;

/// <summary>
/// Baseline (and 8-bit extended) sequential Huffman JPEG decoder: the JPEG frames of BMCs and of VNC Tight
/// encoding. Greyscale or three components, sampling factors up to 2x2, restart intervals; metadata is skipped.
/// Progressive, arithmetic-coded, lossless, hierarchical and 12-bit files are refused with a clear message.
/// </summary>
public static class JpegDecoder
{
    /// <summary>Decodes a complete JPEG file (SOI to EOI) into an opaque RGBA frame.</summary>
    /// <exception cref="ImageDecodeException">The data is corrupt, truncated, too large, or an unsupported kind of JPEG.</exception>
    public static Frame Decode(ReadOnlySpan<byte> jpeg, FrameLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new JpegFrameDecoder(limits).Decode(jpeg);
    }
}
