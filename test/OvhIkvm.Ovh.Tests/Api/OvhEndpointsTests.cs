using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Api;

namespace OvhIkvm.Ovh.Tests.Api;

public sealed class OvhEndpointsTests
{
    [Theory]
    [InlineData("ovh-eu", "https://eu.api.ovh.com/1.0")]
    [InlineData("eu", "https://eu.api.ovh.com/1.0")]
    [InlineData("OVH-CA", "https://ca.api.ovh.com/1.0")]
    [InlineData("ca", "https://ca.api.ovh.com/1.0")]
    [InlineData("ovh-us", "https://api.us.ovhcloud.com/1.0")]
    [InlineData("us", "https://api.us.ovhcloud.com/1.0")]
    [InlineData("kimsufi-eu", "https://eu.api.kimsufi.com/1.0")]
    [InlineData("kimsufi-ca", "https://ca.api.kimsufi.com/1.0")]
    [InlineData("soyoustart-eu", "https://eu.api.soyoustart.com/1.0")]
    [InlineData("soyoustart-ca", "https://ca.api.soyoustart.com/1.0")]
    [InlineData("", "https://eu.api.ovh.com/1.0")]
    public void Known_names_resolve_to_the_official_base_urls(string name, string expected) =>
        Assert.Equal(expected, OvhEndpoints.Resolve(Options(name)).AbsoluteUri.TrimEnd('/'));

    [Fact]
    public void Unknown_names_list_the_valid_ones()
    {
        var error = Assert.Throws<ConsoleConfigurationException>(() => OvhEndpoints.Resolve(Options("ovh-mars")));

        Assert.Contains("ovh-mars", error.Message, StringComparison.Ordinal);
        foreach (var name in new[] { "ovh-eu", "ovh-ca", "ovh-us", "kimsufi-eu", "kimsufi-ca", "soyoustart-eu", "soyoustart-ca", "eu", "ca", "us" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_base_url_override_wins_over_the_name() =>
        Assert.Equal(
            "https://gateway.example/ovh/1.0/dedicated/server",
            OvhRoute.Servers.ToUri(OvhEndpoints.Resolve(Options("ovh-eu", new Uri("https://gateway.example/ovh/1.0/")))).AbsoluteUri);

    [Theory]
    [InlineData("ftp://gateway.example/1.0")]
    [InlineData("https://gateway.example/1.0?x=1")]
    public void Unusable_overrides_are_configuration_errors(string url) =>
        Assert.Throws<ConsoleConfigurationException>(() => OvhEndpoints.Resolve(Options("ovh-eu", new Uri(url))));

    private static OvhOptions Options(string endpoint, Uri? baseUrl = null) => new()
    {
        Endpoint = endpoint,
        ApiBaseUrl = baseUrl,
        ApplicationKey = "ak",
        ApplicationSecret = new Secret("as"),
        ConsumerKey = new Secret("ck"),
    };
}
