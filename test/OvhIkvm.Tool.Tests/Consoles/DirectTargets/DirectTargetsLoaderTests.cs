using OvhIkvm.Consoles;
using OvhIkvm.Tool.Consoles.DirectTargets;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Consoles.DirectTargets;

public sealed class DirectTargetsLoaderTests
{
    private static readonly Dictionary<string, string?> Environment = new() { ["LAB_VNC_PASSWORD"] = "from-env" };

    [Fact]
    public void A_valid_file_yields_vnc_and_ami_endpoints_with_passwords_from_the_file_or_the_environment()
    {
        using var file = new TempFile("targets.json", """
            {
              // comments and trailing commas are tolerated: people edit this file by hand
              "targets": [
                { "id": "lab-qemu", "name": "QEMU lab", "type": "vnc", "url": "ws://127.0.0.1:5700", "passwordEnv": "LAB_VNC_PASSWORD" },
                { "id": "asrock-1", "type": "ami", "url": "https://10.0.0.5", "username": "admin", "password": "pw", "acceptSelfSignedCertificate": true },
              ]
            }
            """);

        var targets = DirectTargetsLoader.Load(file.Path, Environment);

        Assert.Equal(["lab-qemu", "asrock-1"], targets.Select(t => t.Server.Id));
        Assert.Equal("QEMU lab", targets[0].Server.Name);
        Assert.Equal("direct", targets[0].Server.Provider);
        var vnc = Assert.IsType<VncEndpoint>(targets[0].Endpoint);
        Assert.Equal(new Uri("ws://127.0.0.1:5700"), vnc.Address);
        Assert.Equal("from-env", vnc.Password!.Reveal());
        var ami = Assert.IsType<AmiBmcEndpoint>(targets[1].Endpoint);
        Assert.Equal(("admin", "pw", true), (ami.Username, ami.Password.Reveal(), ami.AcceptSelfSignedCertificate));
        Assert.Equal("asrock-1", targets[1].Server.Name);
        Assert.Equal("10.0.0.5", targets[1].Server.Ip);
    }

    [Theory]
    [InlineData("""{"targets":[{"id":"a","type":"vnc","url":"ws://h"},{"id":"A","type":"vnc","url":"ws://h"}]}""", "the id 'A' is used twice")]
    [InlineData("""{"targets":[{"type":"vnc","url":"ws://h"}]}""", "target #1: \"id\" is required")]
    [InlineData("""{"targets":[{"id":"a","type":"vnc","url":"http://h"}]}""", "target 'a': a VNC url starts with ws://, wss:// or vnc://")]
    [InlineData("""{"targets":[{"id":"a","type":"ipmi","url":"https://h"}]}""", "\"type\" must be \"vnc\" or \"ami\"")]
    [InlineData("""{"targets":[{"id":"a","type":"ami","url":"https://h","password":"pw"}]}""", "an AMI BMC needs \"username\"")]
    [InlineData("""{"targets":[{"id":"a","type":"vnc","url":"ws://h","pasword":"typo"}]}""", "target #1: unknown field \"pasword\"; the fields are id, name,")]
    [InlineData("""{"servers":[]}""", "unknown field \"servers\" at the top level")]
    [InlineData("""not json""", "not valid JSON")]
    [InlineData("""{"targets":[{"id":"a","type":"ami","url":"http://h","username":"u","password":"pw"}]}""", "target 'a': an AMI BMC url must start with https://, since over http:// the BMC password would travel in clear; if this BMC only speaks http on a network you trust, add \"allowInsecureHttp\": true")]
    [InlineData("""{"targets":[{"id":"a","type":"ami","url":"https://h","username":"u","password":"pw","certificateSha256":"AB:CD"}]}""", "\"certificateSha256\" must be the SHA-256 fingerprint of the BMC's certificate, 64 hexadecimal digits")]
    [InlineData("""{"targets":[{"id":"a","type":"ami","url":"http://h","username":"u","password":"pw","allowInsecureHttp":true,"certificateSha256":"00"}]}""", "\"certificateSha256\" needs a url starting with https://, since only TLS presents a certificate")]
    [InlineData("""{"targets":[{"id":"a","type":"vnc","url":"ws://h","allowInsecureHttp":true}]}""", "apply to \"ami\" targets only")]
    [InlineData("""{"targets":[{"id":"a","type":"vnc","url":"wss://h","acceptSelfSignedCertificate":true}]}""", "apply to \"ami\" targets only; a wss:// VNC server's own certificate is pinned with \"certificateSha256\"")]
    [InlineData("""{"targets":[{"id":"a","type":"vnc","url":"ws://h","certificateSha256":"00"}]}""", "target 'a': \"certificateSha256\" needs a url starting with wss://, since only TLS presents a certificate")]
    [InlineData("""{"targets":[{"id":"a","type":"vnc","url":"vnc://h","certificateSha256":"00"}]}""", "\"certificateSha256\" needs a url starting with wss://")]
    [InlineData("""{"targets":[{"id":"a","type":"vnc","url":"wss://h","certificateSha256":"AB:CD"}]}""", "\"certificateSha256\" must be the SHA-256 fingerprint of the VNC server's certificate, 64 hexadecimal digits")]
    public void An_invalid_file_is_reported_with_the_file_the_entry_and_the_fix(string content, string expected)
    {
        using var file = new TempFile("targets.json", content);

        var error = Assert.Throws<ConsoleConfigurationException>(() => DirectTargetsLoader.Load(file.Path, Environment));

        Assert.Contains(file.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    public void A_certificate_pin_is_read_in_either_usual_notation(string pin)
    {
        using var file = new TempFile("targets.json", $$"""
            {"targets":[{"id":"bmc","type":"ami","url":"https://10.0.0.5","username":"admin","password":"pw","certificateSha256":"{{pin}}"}]}
            """);

        var ami = Assert.IsType<AmiBmcEndpoint>(Assert.Single(DirectTargetsLoader.Load(file.Path, Environment)).Endpoint);

        Assert.Equal("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89", ami.PinnedCertificate?.ToString());
        Assert.False(ami.AcceptSelfSignedCertificate);
    }

    [Fact]
    public void A_wss_vnc_target_takes_a_certificate_pin()
    {
        using var file = new TempFile("targets.json", """
            {"targets":[{"id":"novnc","type":"vnc","url":"wss://10.0.0.7:6080/websockify","certificateSha256":"abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"}]}
            """);

        var vnc = Assert.IsType<VncEndpoint>(Assert.Single(DirectTargetsLoader.Load(file.Path, Environment)).Endpoint);

        Assert.Equal("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89", vnc.PinnedCertificate?.ToString());
    }

    [Fact]
    public void Plain_http_for_a_bmc_is_the_targets_explicit_choice()
    {
        using var file = new TempFile("targets.json", """
            {"targets":[{"id":"bmc","type":"ami","url":"http://10.0.0.5","username":"admin","password":"pw","allowInsecureHttp":true}]}
            """);

        var ami = Assert.IsType<AmiBmcEndpoint>(Assert.Single(DirectTargetsLoader.Load(file.Path, Environment)).Endpoint);

        Assert.True(ami.AllowInsecureHttp);
    }

    [Fact]
    public void A_missing_file_is_reported_by_name()
    {
        using var folder = new TempFile("absent.json");

        var error = Assert.Throws<ConsoleConfigurationException>(() => DirectTargetsLoader.Load(folder.Path, Environment));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_never_echo_a_password_from_the_file()
    {
        using var file = new TempFile("targets.json", """{"targets":[{"id":"a","type":"ami","url":"https://h","password":"hunter2-secret"}]}""");

        var error = Assert.Throws<ConsoleConfigurationException>(() => DirectTargetsLoader.Load(file.Path, Environment));

        Assert.DoesNotContain("hunter2-secret", error.Message, StringComparison.Ordinal);
    }
}
