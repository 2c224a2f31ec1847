namespace OvhIkvm.Imaging.Jpeg;

/// <summary>Baseline JPEG decoder (the JPEG frames of BMCs and of VNC Tight encoding).</summary>
public static class JpegDecoder
{
    /// <summary>Decodes a complete JPEG file (SOI to EOI) into an opaque RGBA frame.</summary>
    /// <exception cref="ImageDecodeException">The data is corrupt, truncated, too large, or an unsupported kind of JPEG.</exception>
    public static Frame Decode(ReadOnlySpan<byte> jpeg, FrameLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _ = jpeg;
        throw new ImageDecodeException("unsupported JPEG: this build has no JPEG decoder yet");
    }
}
