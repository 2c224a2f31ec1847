namespace OvhIkvm.Kvm.Rfb;

/// <summary>Security types this client speaks (RFC 6143 section 7.2).</summary>
internal enum RfbSecurityType
{
    Invalid = 0,
    None = 1,
    VncAuthentication = 2,
}
