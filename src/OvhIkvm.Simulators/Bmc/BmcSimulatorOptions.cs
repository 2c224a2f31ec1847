using System.Security.Cryptography.X509Certificates;

namespace OvhIkvm.Simulators.Bmc;

/// <summary>How the simulated AMI BMC behaves when nothing is wrong.</summary>
public sealed record BmcSimulatorOptions
{
    public string Username { get; init; } = "admin";

    public string Password { get; init; } = "admin-password";

    /// <summary>Compressed bytes per CMD_VIDEO_PACKETS fragment.</summary>
    public int FragmentSize { get; init; } = 16 * 1024;

    /// <summary>
    /// 0: one WebSocket message per IVTP packet. Otherwise the outgoing byte stream is cut into messages of this many
    /// bytes, so packets span messages and share them, as on a real BMC.
    /// </summary>
    public int MessageSize { get; init; }

    /// <summary>The subprotocol the BMC picks among those offered: "binary", or "base64" (every message is base64 text).</summary>
    public string Subprotocol { get; init; } = "binary";

    /// <summary>The validation payload length this firmware accepts (373 or 438); null accepts both.</summary>
    public int? RequiredValidationLength { get; init; }

    /// <summary>The viewer page also sets QSESSIONID with Set-Cookie (real pages set it from a script).</summary>
    public bool ViewerPageSetsCookie { get; init; }

    /// <summary>
    /// Redeem viewer tokens this simulator did not issue (still once each), so that another simulator (the OVH API
    /// simulator, pointing its viewer URLs at <see cref="BmcSimulator.ViewerPageUrl"/>) can hand out the URLs.
    /// </summary>
    public bool AcceptForeignViewerTokens { get; init; }

    /// <summary>Web sessions the BMC holds before logins fail.</summary>
    public int MaxWebSessions { get; init; } = 4;

    /// <summary>Serve HTTPS (and WSS) with this certificate instead of plain HTTP.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>
    /// Once a KVM token has been issued, new TLS connections (the KVM WebSocket's) present this certificate instead of
    /// <see cref="Certificate"/>: an interceptor on the console connection alone, which a pin must catch there too.
    /// </summary>
    public X509Certificate2? KvmCertificate { get; init; }
}
