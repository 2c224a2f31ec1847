using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using OvhIkvm.Consoles;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Cli;

/// <summary>
/// doctor and a wss:// VNC target (a websockify or a BMC's noVNC endpoint with a self-signed certificate), against a
/// real TLS server on loopback: it shows the fingerprint to pin, confirms a pin, flags a wrong one, and sends nothing
/// after the handshake. The connection itself under a pin is proven at the KVM layer (RfbCertificatePinTests, and
/// RfbPeerTests against websockify --cert).
/// </summary>
public sealed class VncCertificatePinningTests
{
    [Fact]
    public async Task Doctor_prints_the_fingerprint_of_an_untrusted_wss_vnc_server_without_sending_anything()
    {
        using var certificate = SelfSignedCertificates.ForIp("127.0.0.1");
        await using var server = new TlsServer(certificate);
        using var targets = TargetsFile(server, string.Empty);

        var run = await DoctorAsync(targets);

        var fingerprint = CertificateFingerprint.Of(certificate);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(
            $"FAIL target lab-vnc: {server.Authority} presents a certificate this system does not trust, SHA-256 {fingerprint}; " +
            "if it is the VNC server's own (compare with what `openssl x509 -noout -fingerprint -sha256 -in cert.pem` prints for the certificate its websockify was given), " +
            $"add \"certificateSha256\": \"{fingerprint}\"",
            run.Output,
            StringComparison.Ordinal);
        Assert.Equal(0, server.BytesAfterHandshake);
    }

    [Fact]
    public async Task Doctor_confirms_the_pinned_certificate_and_flags_another()
    {
        using var certificate = SelfSignedCertificates.ForIp("127.0.0.1");
        using var other = SelfSignedCertificates.ForIp("127.0.0.1");
        await using var server = new TlsServer(certificate);
        using var pinned = TargetsFile(server, $",\"certificateSha256\":\"{CertificateFingerprint.Of(certificate)}\"");
        using var wrong = TargetsFile(server, $",\"certificateSha256\":\"{CertificateFingerprint.Of(other)}\"");

        var confirmed = await DoctorAsync(pinned);
        var flagged = await DoctorAsync(wrong);

        Assert.Equal(0, confirmed.ExitCode);
        Assert.Contains($"OK   target lab-vnc: {server.Authority} presents the pinned certificate, SHA-256 {CertificateFingerprint.Of(certificate)}", confirmed.Output, StringComparison.Ordinal);
        Assert.Equal(1, flagged.ExitCode);
        Assert.Contains(
            $"FAIL target lab-vnc: {server.Authority} presents a certificate with SHA-256 {CertificateFingerprint.Of(certificate)}, not the pinned {CertificateFingerprint.Of(other)}; " +
            "if its certificate was replaced, check the new one and update \"certificateSha256\"",
            flagged.Output,
            StringComparison.Ordinal);
        Assert.Equal(0, server.BytesAfterHandshake);
    }

    private static TempFile TargetsFile(TlsServer server, string extra) => new("targets.json", $$"""
        {"targets":[{"id":"lab-vnc","type":"vnc","url":"wss://{{server.Authority}}/websockify"{{extra}}}]}
        """);

    private static Task<(int ExitCode, string Output, string Error)> DoctorAsync(TempFile targets) =>
        CliRunner.RunAsync(["doctor", "--targets", targets.Path], new Dictionary<string, string?>(), TestTimeouts.Within(TestTimeouts.Network));

    /// <summary>A TLS server on loopback that presents one certificate and counts what clients send once a handshake completes.</summary>
    private sealed class TlsServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serving;
        private long _bytesAfterHandshake;

        public TlsServer(X509Certificate2 certificate)
        {
            _listener.Start();
            _serving = ServeAsync(certificate, _stop.Token);
        }

        public string Authority => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public long BytesAfterHandshake => Interlocked.Read(ref _bytesAfterHandshake);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _serving;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped while waiting for the next client.
            }

            _stop.Dispose();
        }

        private async Task ServeAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
                var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
                await using (tls)
                {
                    try
                    {
                        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, cancellationToken);
                        var buffer = new byte[4096];
                        int read;
                        while ((read = await tls.ReadAsync(buffer, cancellationToken)) > 0)
                        {
                            Interlocked.Add(ref _bytesAfterHandshake, read);
                        }
                    }
                    catch (Exception ex) when (ex is AuthenticationException or IOException)
                    {
                        // The client refused the certificate, as doctor's probe always does once it has read it.
                    }
                }
            }
        }
    }
}
