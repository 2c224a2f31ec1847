namespace OvhIkvm.Kvm.Rfb.Encodings;

/// <summary>The header of one rectangle of a FramebufferUpdate (RFC 6143 section 7.6.1).</summary>
internal readonly record struct RfbRectangle(int X, int Y, int Width, int Height, int Encoding)
{
    public long PixelCount => (long)Width * Height;
}
