namespace OvhIkvm.Kvm.Rfb;

/// <summary>RFB encoding numbers (RFC 6143 section 7.7 and the IANA RFB registry) that this client understands.</summary>
public enum RfbEncoding
{
    Raw = 0,
    CopyRect = 1,
    Hextile = 5,
    Tight = 7,
    Zrle = 16,

    /// <summary>Pseudo-encoding: the JPEG quality for Tight, level 0 to 9 is <c>TightQualityLevel0 + level</c>.</summary>
    TightQualityLevel0 = -32,

    /// <summary>
    /// Pseudo-encoding: the server sends the pointer shape apart instead of painting it into the screen, which keeps
    /// the pointer out of screenshots (the client ignores the shape).
    /// </summary>
    Cursor = -239,

    /// <summary>Pseudo-encoding: the server may resize the framebuffer.</summary>
    DesktopSize = -223,

    /// <summary>Pseudo-encoding: the server may end an update early, before the announced rectangle count.</summary>
    LastRect = -224,

    /// <summary>Pseudo-encoding: resize with screen layout.</summary>
    ExtendedDesktopSize = -308,

    /// <summary>
    /// Pseudo-encoding: the client can send key positions (XT scan codes) besides keysyms. A server that takes them
    /// (QEMU, TigerVNC) says so with an empty rectangle of this encoding.
    /// </summary>
    QemuExtendedKeyEvent = -258,
}
