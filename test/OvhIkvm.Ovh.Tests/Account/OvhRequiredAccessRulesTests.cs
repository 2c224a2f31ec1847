using OvhIkvm.Ovh.Account;
using OvhIkvm.Ovh.Api;

namespace OvhIkvm.Ovh.Tests.Account;

public sealed class OvhRequiredAccessRulesTests
{
    private const string Server = "ns3001234.ip-51-68-12.eu";

    /// <summary>Every signed call the provider makes, with the method it is made with.</summary>
    public static TheoryData<string, string> ProviderCalls() => new()
    {
        { "GET", OvhRoute.Servers.PathAndQuery },
        { "GET", OvhRoute.Server(Server).PathAndQuery },
        { "GET", OvhRoute.Ipmi(Server).PathAndQuery },
        { "POST", OvhRoute.IpmiAccess(Server).PathAndQuery },
        { "GET", OvhRoute.IpmiAccessValue(Server).PathAndQuery.Split('?')[0] },
        { "GET", OvhRoute.Task(Server, 1_000_001).PathAndQuery },
        { "POST", OvhRoute.Geolocation.PathAndQuery },
    };

    [Theory]
    [MemberData(nameof(ProviderCalls))]
    public void Every_call_the_provider_makes_is_covered_by_the_required_rules(string method, string path)
    {
        var required = OvhRequiredAccessRules.All.Select(r => r.Rule);

        Assert.True(OvhAccessRuleMatcher.IsCovered(required, new OvhAccessRule(method, path)), $"{method} {path} is not in the required rules");
    }

    [Fact]
    public void Every_required_rule_names_the_access_rule_of_a_provider_route()
    {
        var routeRules = new[] { OvhRoute.Servers, OvhRoute.Server(Server), OvhRoute.Ipmi(Server), OvhRoute.IpmiAccess(Server), OvhRoute.Task(Server, 1), OvhRoute.Geolocation }
            .Select(r => r.AccessRule).ToHashSet(StringComparer.Ordinal);

        Assert.All(OvhRequiredAccessRules.All, r => Assert.Contains(r.Rule.Path, routeRules));
        Assert.All(OvhRequiredAccessRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Purpose)));
    }

    [Fact]
    public void Geolocation_is_needed_only_without_a_configured_allowed_ip()
    {
        var geolocation = new OvhAccessRule("POST", "/me/geolocation");

        Assert.Contains(OvhRequiredAccessRules.For(allowedIpConfigured: false), r => r.Rule == geolocation);
        Assert.DoesNotContain(OvhRequiredAccessRules.For(allowedIpConfigured: true), r => r.Rule == geolocation);
        Assert.Equal(OvhRequiredAccessRules.All.Count - 1, OvhRequiredAccessRules.For(allowedIpConfigured: true).Count);
    }
}
