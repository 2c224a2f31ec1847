using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Rfb.Transport;
using OvhIkvm.Kvm.Tests.Rfb.Peers;
using OvhIkvm.Kvm.Tests.Rfb.Server;
using OvhIkvm.Testing;
using static OvhIkvm.Kvm.Tests.Rfb.Server.RfbServerSide;

namespace OvhIkvm.Kvm.Tests.Rfb;

/// <summary>
/// A wss:// VNC server with a self-signed certificate (a websockify or a BMC's noVNC endpoint), played by the scripted
/// server behind real TLS on loopback: the pinned certificate carries the capture; any other, or the same one without a
/// pin, is refused in the handshake, before the WebSocket upgrade (and the VNC password after it) is sent.
/// </summary>
public sealed class RfbCertificatePinTests
{
    [Fact]
    public async Task The_pinned_self_signed_certificate_carries_the_capture()
    {
        using var certificate = SelfSignedCertificates.ForIp("127.0.0.1");
        await using var server = ScriptedRfbServer.StartOverSecureWebSocket(certificate, SendOneFrameAsync);

        var frame = await CaptureAsync(server, CertificateFingerprint.Of(certificate));
        await server.Completion;

        Assert.Equal("wss", server.Address.Scheme);
        Assert.Equal((2, 1), (frame.Width, frame.Height));
        Assert.True(server.UpgradeRequested);
    }

    [Fact]
    public async Task Another_certificate_than_the_pinned_one_is_refused_with_both_fingerprints_and_nothing_is_sent()
    {
        using var certificate = SelfSignedCertificates.ForIp("127.0.0.1");
        using var expected = SelfSignedCertificates.ForIp("127.0.0.1");
        await using var server = ScriptedRfbServer.StartOverSecureWebSocket(certificate, SendOneFrameAsync);

        var error = await Assert.ThrowsAsync<RfbProtocolException>(() => CaptureAsync(server, CertificateFingerprint.Of(expected)));
        await Assert.ThrowsAnyAsync<Exception>(() => server.Completion);

        Assert.Equal(
            $"Could not connect to the VNC server at {RfbTransport.Describe(server.Address)}: its certificate's SHA-256 fingerprint is {CertificateFingerprint.Of(certificate)}, " +
            $"not the pinned {CertificateFingerprint.Of(expected)}; if the server's certificate was replaced, check the new one and update the pin.",
            error.Message);
        Assert.False(server.UpgradeRequested, "the client sent its WebSocket upgrade to a server whose certificate it refused");
    }

    [Fact]
    public async Task Without_a_pin_a_self_signed_certificate_fails_the_system_validation()
    {
        using var certificate = SelfSignedCertificates.ForIp("127.0.0.1");
        await using var server = ScriptedRfbServer.StartOverSecureWebSocket(certificate, SendOneFrameAsync);

        var error = await Assert.ThrowsAsync<RfbProtocolException>(() => CaptureAsync(server, pin: null));
        await Assert.ThrowsAnyAsync<Exception>(() => server.Completion);

        Assert.Equal(
            $"Could not connect to the VNC server at {RfbTransport.Describe(server.Address)}: its TLS certificate is not trusted (if it is self-signed, pin its SHA-256 fingerprint for this host).",
            error.Message);
        Assert.False(server.UpgradeRequested);
    }

    [Theory]
    [InlineData("ws://127.0.0.1:5700/websockify")]
    [InlineData("vnc://127.0.0.1:5900")]
    public async Task A_pin_on_a_cleartext_address_is_refused_before_connecting(string address)
    {
        using var certificate = SelfSignedCertificates.ForIp("127.0.0.1");
        var pin = CertificateFingerprint.Of(certificate);

        var error = await Assert.ThrowsAsync<ConsoleConfigurationException>(() =>
            PeerCapture.CaptureAsync(new Uri(address), null, ScriptedCapture.QuickOptions, TestTimeouts.Within(TestTimeouts.Network), pin: pin));

        Assert.Equal(
            $"A certificate pin was given for the VNC server at {RfbTransport.Describe(new Uri(address))}, which is not wss:// and so presents no certificate; use its wss:// address, or drop the pin.",
            error.Message);
    }

    private static Task<OvhIkvm.Imaging.Frame> CaptureAsync(ScriptedRfbServer server, CertificateFingerprint? pin) =>
        PeerCapture.CaptureAsync(server.Address, null, ScriptedCapture.QuickOptions, TestTimeouts.Within(TestTimeouts.Network), pin: pin);

    private static async Task SendOneFrameAsync(RfbServerSide side, CancellationToken ct)
    {
        await side.HandshakeAsync(2, 1, Rgbx32, ct);
        await side.SendAsync([.. Update(1), .. Rect(0, 0, 2, 1, 0), 255, 0, 0, 0, 0, 255, 0, 0], ct);
    }
}
