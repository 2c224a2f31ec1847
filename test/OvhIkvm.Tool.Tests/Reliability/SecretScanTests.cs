using Xunit.Sdk;

namespace OvhIkvm.Tool.Tests.Reliability;

/// <summary>The scan every reliability test ends with must be able to fail, or its silence proves nothing.</summary>
public sealed class SecretScanTests
{
    private const string ViewerUrl = "https://ipmi.example.net/viewer?token=0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("Warning OvhIkvm: failed for https://ipmi.example.net/viewer?token=0123456789abcdef0123456789abcdef")]
    [InlineData("Debug: token 0123456789abcdef0123456789abcdef redeemed")]
    [InlineData("Request signed with reliabilityApplicationSecret0042")]
    [InlineData("Cookie: QSESSIONID=ffeeddccbbaa99887766554433221100")]
    [InlineData("GET /kvm?token=abc123")]
    [InlineData("X-Ovh-Signature: $1$0123456789abcdef0123456789abcdef01234567")]
    public void A_secret_or_a_credential_shaped_value_in_any_output_fails_the_scan(string leak)
    {
        string[] secrets = ["reliabilityApplicationSecret0042", .. SecretScan.ViewerSecrets([ViewerUrl])];

        Assert.ThrowsAny<XunitException>(() => SecretScan.AssertClean(secrets, ["a harmless line", leak]));
    }

    [Fact]
    public void Clean_outputs_pass_the_scan()
    {
        string[] secrets = ["reliabilityApplicationSecret0042", .. SecretScan.ViewerSecrets([ViewerUrl])];

        SecretScan.AssertClean(secrets, ["Information: Captured ns1.ip-1-2-3.eu: 720x400", "The BMC at 127.0.0.1:4433 rejected the KVM session."]);
    }
}
