namespace OvhIkvm.Consoles;

/// <summary>A VNC server reached directly: <c>ws://</c>, <c>wss://</c> (RFB over WebSocket) or <c>vnc://host[:port]</c> (TCP).</summary>
/// <param name="Address">The server address.</param>
/// <param name="Password">The VNC password, when the server asks for VNC authentication.</param>
/// <param name="PinnedCertificate">
/// For <c>wss://</c> only: the SHA-256 fingerprint of the one certificate accepted for <paramref name="Address"/>'s host,
/// self-signed or not (a websockify or a BMC's noVNC endpoint); any other is refused, even one a public authority signed.
/// Without it the system validates the certificate.
/// </param>
public sealed record VncEndpoint(Uri Address, Secret? Password = null, CertificateFingerprint? PinnedCertificate = null) : ConsoleEndpoint;
