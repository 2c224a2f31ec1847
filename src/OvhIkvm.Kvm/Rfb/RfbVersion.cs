namespace OvhIkvm.Kvm.Rfb;

/// <summary>The three protocol versions RFC 6143 defines; each has its own security-result rules.</summary>
internal enum RfbVersion
{
    V3_3 = 3,
    V3_7 = 7,
    V3_8 = 8,
}
