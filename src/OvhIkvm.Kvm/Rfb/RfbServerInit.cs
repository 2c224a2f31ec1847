namespace OvhIkvm.Kvm.Rfb;

/// <summary>What the server said about itself after the handshake (RFC 6143 section 7.3.2).</summary>
internal sealed record RfbServerInit(RfbVersion Version, int Width, int Height, RfbPixelFormat PixelFormat, string DesktopName);
