using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>Large base64 messages, TLS with a self-signed BMC certificate, and the production registration.</summary>
public sealed class AmiTransportTests
{
    [Fact]
    public async Task Base64_text_messages_larger_than_a_receive_chunk_are_decoded_across_chunks()
    {
        var bitstream = new byte[300_001];
        new Random(7).NextBytes(bitstream);
        var screen = new BmcScreen(1920, 1080, Mode420: false, TableSelector: 4, bitstream);
        await using var bmc = await AmiTestHost.StartAsync(
            new BmcSimulatorOptions { Subprotocol = "base64", FragmentSize = 250_000, MessageSize = 1 << 20 },
            new BmcScreenSequence(screen));
        var decoder = new RecordingDecoder();

        await AmiTestHost.CaptureViaViewerAsync(bmc, decoder, TestTimeouts.Within(TestTimeouts.Network));

        var frame = Assert.Single(decoder.Frames);
        Assert.Equal(300_004, frame.Data.Length);
        Assert.True(frame.Data.Span[..bitstream.Length].SequenceEqual(bitstream));
        Assert.False(frame.Data.Span[bitstream.Length..].ContainsAnyExcept((byte)0));
    }

    [Fact]
    public async Task A_self_signed_bmc_is_refused_by_default_and_accepted_when_the_user_names_it()
    {
        using var certificate = SelfSigned("127.0.0.1");
        await using var bmc = await AmiTestHost.StartAsync(new BmcSimulatorOptions { Certificate = certificate });
        var factory = AmiTestHost.Factory(new RecordingDecoder());
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        Assert.Equal("https", bmc.BaseUrl.Scheme);

        var refused = await Assert.ThrowsAsync<ConsoleException>(() =>
            factory.OpenAsync(new AmiBmcEndpoint(bmc.BaseUrl, bmc.Options.Username, new Secret(bmc.Options.Password)), null, cancellation));
        Assert.Contains("certificate is not trusted", refused.Message, StringComparison.Ordinal);

        var session = await factory.OpenAsync(
            new AmiBmcEndpoint(bmc.BaseUrl, bmc.Options.Username, new Secret(bmc.Options.Password), AcceptSelfSignedCertificate: true), null, cancellation);
        await using (session)
        {
            var frame = await session.CaptureFrameAsync(cancellation);
            Assert.Equal(1024, frame.Width);
        }

        await AmiTestHost.WaitUntilAsync(() => bmc.OpenWebSessions == 0);
    }

    [Fact]
    public async Task A_kvm_websocket_that_presents_another_certificate_than_the_pinned_one_is_refused_with_both_fingerprints()
    {
        using var certificate = SelfSigned("127.0.0.1");
        using var interceptor = SelfSigned("127.0.0.1");
        await using var bmc = await AmiTestHost.StartAsync(new BmcSimulatorOptions { Certificate = certificate, KvmCertificate = interceptor });
        var pin = CertificateFingerprint.Of(certificate);
        var endpoint = new AmiBmcEndpoint(bmc.BaseUrl, bmc.Options.Username, new Secret(bmc.Options.Password), PinnedCertificate: pin);
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);

        // The web pages pass the pin; the KVM WebSocket, opened after the token, meets the other certificate.
        var error = await Assert.ThrowsAsync<ConsoleException>(async () =>
        {
            await using var session = await AmiTestHost.Factory(new RecordingDecoder()).OpenAsync(endpoint, null, cancellation);
            await session.CaptureFrameAsync(cancellation);
        });

        Assert.Equal(
            $"Could not open the KVM WebSocket to the BMC at {bmc.BaseUrl.Authority}: its certificate's SHA-256 fingerprint is {CertificateFingerprint.Of(interceptor)}, " +
            $"not the pinned {pin}; if the server's certificate was replaced, check the new one and update the pin.",
            error.Message);
        Assert.Equal(0, bmc.KvmConnections);
        await AmiTestHost.WaitUntilAsync(() => bmc.OpenWebSessions == 0);
    }

    [Fact]
    public async Task The_opt_in_covers_only_the_named_host()
    {
        using var certificate = SelfSigned("127.0.0.1");
        await using var bmc = await AmiTestHost.StartAsync(new BmcSimulatorOptions { Certificate = certificate });
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);

        using var named = new Kvm.Ami.Web.BmcHttpClient(bmc.BaseUrl, new Kvm.Tls.TlsCertificatePolicy("127.0.0.1"), TimeProvider.System);
        using var accepted = new HttpRequestMessage(HttpMethod.Get, named.Resolve("/viewer.html"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await named.SendAsync(accepted, "a probe", TestTimeouts.Network, cancellation)).StatusCode);

        using var other = new Kvm.Ami.Web.BmcHttpClient(bmc.BaseUrl, new Kvm.Tls.TlsCertificatePolicy("bmc.other.example"), TimeProvider.System);
        using var refused = new HttpRequestMessage(HttpMethod.Get, other.Resolve("/viewer.html"));
        var error = await Assert.ThrowsAsync<ConsoleException>(() => other.SendAsync(refused, "a probe", TestTimeouts.Network, cancellation));
        Assert.Contains("TLS handshake failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddKvmSessions_resolves_the_factory_with_the_ami_client()
    {
        var services = new ServiceCollection().AddLogging().AddKvmSessions();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<KvmSessionFactory>(provider.GetRequiredService<IKvmSessionFactory>());
    }

    [Fact]
    public async Task Vnc_endpoints_reach_the_rfb_seam()
    {
        var factory = AmiTestHost.Factory(new RecordingDecoder());

        // A port nobody listens on: the RFB client itself must be the one that reports the failed connection.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Assert.ThrowsAsync<OvhIkvm.Kvm.Rfb.RfbProtocolException>(() =>
            factory.OpenAsync(new VncEndpoint(new Uri($"vnc://127.0.0.1:{port}"), new Secret("pw")), null, TestContext.Current.CancellationToken));

        Assert.Contains($"VNC server at vnc://127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    private static X509Certificate2 SelfSigned(string ip) => SelfSignedCertificates.ForIp(ip);
}
