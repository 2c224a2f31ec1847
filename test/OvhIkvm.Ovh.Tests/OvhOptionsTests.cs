using OvhIkvm.Consoles;

namespace OvhIkvm.Ovh.Tests;

public sealed class OvhOptionsTests
{
    [Fact]
    public void ToString_names_the_endpoint_and_application_but_no_secret()
    {
        var options = Valid();

        var text = options.ToString();

        Assert.Contains("ovh-eu", text, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("consumer-secret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_valid_and_follow_ovh_practice()
    {
        var options = Valid();

        options.Validate();
        Assert.Equal(TimeSpan.FromMinutes(15), options.AccessTtl);
        Assert.Equal(TimeSpan.FromMinutes(5), options.GrantTimeout);
        Assert.InRange(options.TaskPollInterval, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(20)]
    public void A_ttl_ovh_does_not_accept_is_a_configuration_error(int minutes)
    {
        var options = Valid(ttl: TimeSpan.FromMinutes(minutes));

        var error = Assert.Throws<ConsoleConfigurationException>(options.Validate);
        Assert.Contains("1, 3, 5, 10, 15", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2001:db8::1")]
    [InlineData("203.0.113")]
    [InlineData("not-an-ip")]
    public void Allowed_ip_must_be_ipv4(string ip)
    {
        var options = Valid(allowedIp: ip);

        var error = Assert.Throws<ConsoleConfigurationException>(options.Validate);
        Assert.Contains("IPv4", error.Message, StringComparison.Ordinal);
    }

    private static OvhOptions Valid(TimeSpan? ttl = null, string? allowedIp = null) => new()
    {
        Endpoint = "ovh-eu",
        ApplicationKey = "app-key-1",
        ApplicationSecret = new Secret("very-secret"),
        ConsumerKey = new Secret("consumer-secret"),
        AccessTtl = ttl ?? TimeSpan.FromMinutes(15),
        AllowedIp = allowedIp,
    };
}
