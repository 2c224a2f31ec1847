using OvhIkvm.Consoles;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>The direct-login TLS rules at the KVM layer, against the BMC simulator over real loopback HTTPS and WSS.</summary>
public sealed class BmcCertificatePinTests
{
    [Fact]
    public async Task A_pinned_certificate_carries_the_login_the_websocket_and_the_capture()
    {
        using var certificate = SelfSignedCertificates.ForIp("127.0.0.1");
        await using var bmc = await AmiTestHost.StartAsync(new BmcSimulatorOptions { Certificate = certificate });
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var endpoint = new AmiBmcEndpoint(bmc.BaseUrl, bmc.Options.Username, new Secret(bmc.Options.Password), PinnedCertificate: CertificateFingerprint.Of(certificate));

        var session = await AmiTestHost.Factory(new RecordingDecoder()).OpenAsync(endpoint, null, cancellation);
        await using (session)
        {
            Assert.Equal(1024, (await session.CaptureFrameAsync(cancellation)).Width);
        }

        Assert.Equal(1, bmc.KvmConnections);
    }

    [Fact]
    public async Task Any_other_certificate_is_refused_with_the_fingerprint_seen_before_a_request_is_made()
    {
        using var certificate = SelfSignedCertificates.ForIp("127.0.0.1");
        using var other = SelfSignedCertificates.ForIp("127.0.0.1");
        await using var bmc = await AmiTestHost.StartAsync(new BmcSimulatorOptions { Certificate = certificate });
        var endpoint = new AmiBmcEndpoint(bmc.BaseUrl, bmc.Options.Username, new Secret(bmc.Options.Password), PinnedCertificate: CertificateFingerprint.Of(other));

        var error = await Assert.ThrowsAsync<ConsoleException>(() =>
            AmiTestHost.Factory(new RecordingDecoder()).OpenAsync(endpoint, null, TestTimeouts.Within(TestTimeouts.Network)));

        Assert.Contains($"fingerprint is {CertificateFingerprint.Of(certificate)}, not the pinned {CertificateFingerprint.Of(other)}", error.Message, StringComparison.Ordinal);
        Assert.Empty(bmc.Requests);
    }

    [Fact]
    public async Task A_login_over_plain_http_needs_the_explicit_opt_in()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        var endpoint = new AmiBmcEndpoint(bmc.BaseUrl, bmc.Options.Username, new Secret(bmc.Options.Password));
        Assert.Equal("http", bmc.BaseUrl.Scheme);

        var error = await Assert.ThrowsAsync<ConsoleConfigurationException>(() =>
            AmiTestHost.Factory(new RecordingDecoder()).OpenAsync(endpoint, null, TestTimeouts.Within(TestTimeouts.Network)));

        Assert.Contains("would send the BMC password in clear", error.Message, StringComparison.Ordinal);
        Assert.Empty(bmc.Requests);
    }

    [Theory]
    [InlineData("ab:cd")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("")]
    public void Only_64_hex_digits_are_a_fingerprint(string text) => Assert.False(CertificateFingerprint.TryParse(text, out _));
}
