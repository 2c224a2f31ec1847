using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Cli;

/// <summary>What a BMC or a wss:// VNC server presented in a TLS handshake.</summary>
/// <param name="Fingerprint">The SHA-256 of its certificate, as "certificateSha256" takes it.</param>
/// <param name="TrustedBySystem">Whether the system's validation accepts it for the server's host (a public or local authority signed it).</param>
internal sealed record PresentedCertificate(CertificateFingerprint Fingerprint, bool TrustedBySystem);
