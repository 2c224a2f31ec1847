using OvhIkvm.Kvm.Consoles;

namespace OvhIkvm.Ovh.Tests;

public sealed class OvhOptionsTests
{
    [Fact]
    public void ToString_names_the_endpoint_and_application_but_no_secret()
    {
        var options = new OvhOptions
        {
            Endpoint = "ovh-eu",
            ApplicationKey = "app-key-1",
            ApplicationSecret = new Secret("very-secret"),
            ConsumerKey = new Secret("consumer-secret"),
        };

        var text = options.ToString();

        Assert.Contains("ovh-eu", text, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("consumer-secret", text, StringComparison.Ordinal);
    }
}
