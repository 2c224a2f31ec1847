namespace OvhIkvm.Consoles;

/// <summary>An AMI MegaRAC / ASRockRack BMC reached directly with a web login (not through OVH).</summary>
/// <param name="BaseUrl">The BMC's web address, e.g. https://10.0.0.5.</param>
/// <param name="Username">The BMC user.</param>
/// <param name="Password">The BMC password.</param>
/// <param name="AcceptSelfSignedCertificate">
/// Opt-in for BMCs with a self-signed certificate: only the certificate of <paramref name="BaseUrl"/>'s host is accepted
/// without validation; every other host keeps system validation. <paramref name="PinnedCertificate"/> is the safer choice.
/// </param>
/// <param name="PinnedCertificate">
/// The SHA-256 fingerprint of the one certificate accepted for <paramref name="BaseUrl"/>'s host, self-signed or not;
/// any other certificate is refused, even one a public authority signed.
/// </param>
/// <param name="AllowInsecureHttp">
/// Opt-in for a BMC that only speaks http://: the login sends the password in clear, so it is refused without it.
/// </param>
public sealed record AmiBmcEndpoint(
    Uri BaseUrl,
    string Username,
    Secret Password,
    bool AcceptSelfSignedCertificate = false,
    CertificateFingerprint? PinnedCertificate = null,
    bool AllowInsecureHttp = false)
    : ConsoleEndpoint;
