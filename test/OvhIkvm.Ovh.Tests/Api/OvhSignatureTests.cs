using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Api;

namespace OvhIkvm.Ovh.Tests.Api;

/// <summary>The official vectors (sets A, B, C of the research notes) and our own calls (set D).</summary>
public sealed class OvhSignatureTests
{
    private const string SetAsecret = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk";
    private const string SetAconsumer = "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY";
    private const long SetAtime = 1457018875;
    private const string SetAbody = "{\"a\":\"b\",\"c\":\"d\"}";

    [Theory]
    [InlineData("GET", "https://eu.api.ovh.com/1.0/auth", "", "$1$e9556054b6309771395efa467c22e627407461ad")]
    [InlineData("POST", "https://eu.api.ovh.com/1.0/auth", SetAbody, "$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1")]
    [InlineData("PUT", "https://eu.api.ovh.com/1.0/auth", SetAbody, "$1$8a75a9e7c8e7296c9dbeda6a2a735eb6bd58ec4b")]
    [InlineData("DELETE", "https://eu.api.ovh.com/1.0/auth", "", "$1$a1eecd00b3b02b6cf5708b84b9ff42059a950d85")]
    [InlineData("GET", "https://eu.api.ovh.com/1.0/authTO", "", "$1$1f0958be70f095ddaba525778a9ac1dcffac89f3")]
    [InlineData("POST", "https://eu.api.ovh.com/1.0/authTO", SetAbody, "$1$b592effcb3bc2d37860eceb06a1b17670fbe49c6")]
    [InlineData("PUT", "https://eu.api.ovh.com/1.0/authTO", SetAbody, "$1$6b27c2a693a0eb4980217046b2fe10d74ba796f0")]
    [InlineData("DELETE", "https://eu.api.ovh.com/1.0/authTO", "", "$1$bd59b15361548c388058009e00c508081e991e8b")]
    [InlineData("GET", "https://eu.api.ovh.com/1.0/call", "", "$1$7f2db49253edfc41891023fcd1a54cf61db05fbb")]
    [InlineData("GET", "https://eu.api.ovh.com/v1/call", "", "$1$e6e7906d385eb28adcbfbe6b66c1528a42d741ad")]
    [InlineData("GET", "https://eu.api.ovh.com/v2/call", "", "$1$bb63b132a6f84ad5433d0c534d48d3f7c3804285")]
    public void Set_A_official_client_vectors(string method, string url, string body, string expected) =>
        Assert.Equal(expected, OvhSignature.Compute(SetAsecret, SetAconsumer, method, url, body, SetAtime));

    [Theory]
    [InlineData("GET", "/", "", "$1$c87db4be631d68b610079e088248dfe8881c40a1")]
    [InlineData("GET", "/me", "", "$1$b395d13fdb1e1aae1db2be96c6d120677c4d2000")]
    [InlineData("GET", "/auth/time", "", "$1$3e26ff19629bd612b1e688f1ef61b6446b5c686e")]
    [InlineData("GET", "/mails/accounts?id=5", "", "$1$0abd51a142538aec522fd4882e178e695b5458c4")]
    [InlineData("GET", "/mails?to=45&from=12", "", "$1$26b79c495a18b45bb1f197bfe3f262ecb5f21016")]
    [InlineData("DELETE", "/", "", "$1$71d90b786d8200b46ff2736400ee416d5fe41079")]
    [InlineData("DELETE", "/me", "", "$1$0901964347daac6ab470f35286114a0add0ba399")]
    [InlineData("DELETE", "/auth/time", "", "$1$a4b70a7521cc6b397d84c9de2c0066f82a2ac277")]
    [InlineData("DELETE", "/mails/accounts?id=5", "", "$1$6d2c0ba0ab22629c6739a5f450cc47aeb785ab78")]
    [InlineData("DELETE", "/mails?to=45&from=12", "", "$1$7bb0e50be918aa6739ef1a183c7c76e73a79494f")]
    [InlineData("POST", "/", "", "$1$4a09d6cf15fc021ffb73da3c24797b2641cf2424")]
    [InlineData("POST", "/me", "", "$1$36c9811602d49b74f4374aafc0f1f26ff6724293")]
    [InlineData("POST", "/auth/time", "", "$1$a0ce8be3ebc95a4168237abaca254bed535601b0")]
    [InlineData("POST", "/mails/accounts?id=5", "", "$1$ded453bab00328fe1753768db2926cf931a1e0e6")]
    [InlineData("POST", "/mails?to=45&from=12", "", "$1$62904b4a7be1298f263af4b5a38ea384132906f8")]
    [InlineData("POST", "/", "{\"data\":\"value\"}", "$1$369d08d098480a4769db04bf3f0ce8e7a266ca7e")]
    [InlineData("POST", "/me", "some_data", "$1$6a0e930b55e9c6d8b695084782f567031d5230ed")]
    [InlineData("POST", "/auth/time", "[{\"data\":\"value\"},{\"data-2\":\"value-2\"}]", "$1$7d0a0141e32070c6046890a59afa4f034c08a3f0")]
    [InlineData("POST", "/mails/accounts?id=5", "{\"data\":\"value\"}", "$1$42b3029887864b9191302ccddc7229846b11c353")]
    [InlineData("POST", "/mails?to=45&from=12", "{\"data\":\"value\"}", "$1$e23dcacc5411034a832e05c7fe9f7b2ae5c9578f")]
    [InlineData("PUT", "/", "", "$1$c1fac5e97db0830c9bd33bad6181e317c33ae6cd")]
    [InlineData("PUT", "/me", "", "$1$725acf08ac67cf402679b91791cda17eba656b26")]
    [InlineData("PUT", "/auth/time", "", "$1$1857d9e775b2ab963244623ae3f97362a529c5a5")]
    [InlineData("PUT", "/mails/accounts?id=5", "", "$1$72d379b8cb16ff4258e26e9f8c9aacb1d6958c3e")]
    [InlineData("PUT", "/mails?to=45&from=12", "", "$1$1fbaa78566ac80f6c73169f4798fc29cc454dcb1")]
    [InlineData("PUT", "/", "{\"data\":\"value\"}", "$1$ee4b4ac586796b17062397a7a390349306898e51")]
    [InlineData("PUT", "/me", "some_data", "$1$386dc87d403f526a1e2a6c75b915a4ecedf0d224")]
    [InlineData("PUT", "/auth/time", "[{\"data\":\"value\"},{\"data-2\":\"value-2\"}]", "$1$a991d5bad1a5c8ddfff315668a7c4842b24958ef")]
    [InlineData("PUT", "/mails/accounts?id=5", "{\"data\":\"value\"}", "$1$590f78e1c78eec4e163afe36bf7c157d9244b682")]
    [InlineData("PUT", "/mails?to=45&from=12", "{\"data\":\"value\"}", "$1$dacdb2f3407325e3fd0e6c8c3b797dca08d4491f")]
    public void Set_B_csharp_client_relative_targets(string method, string target, string body, string expected) =>
        Assert.Equal(expected, OvhSignature.Compute("APPLICATION_SECRET", "CONSUMER_KEY", method, target, body, 1566485767));

    [Theory]
    [InlineData("GET", "https://eu.api.ovh.com/1.0/me", "", "$1$dfe0b86bf2ab0d9eb3f785dc1ab00de58984d80c")]
    [InlineData("GET", "https://eu.api.ovh.com/v1/me", "", "$1$b6849b8a25d6bc46c6ad1dfb0fc67d07db9553a3")]
    [InlineData("GET", "https://eu.api.ovh.com/v2/me", "", "$1$291bb7bdbef11b1050200a109a4fe5109ed96cdd")]
    [InlineData("GET", "https://eu.api.ovh.com/1.0/route?filter=value%3a%26%c3%a9%27-&anotherfilter=%3dtest", "", "$1$098b93d342b6db4848ec448063be2b6884e94723")]
    [InlineData("POST", "https://eu.api.ovh.com/1.0/me/geolocation", "", "$1$3473ad8790d09e6d28f8a9d6f09a05c1f5f0bbfc")]
    [InlineData("POST", "https://eu.api.ovh.com/1.0/me/contact", "Fake content", "$1$19a8f2db1a3b2b89b231c7872332b6ba117d8bd7")]
    [InlineData("POST", "https://eu.api.ovh.com/1.0/me/contact", "\"Fake content\"", "$1$8a6f2668c14048c59ca957bc26b16a29180ffb03")]
    public void Set_B_csharp_client_full_urls(string method, string url, string body, string expected) =>
        Assert.Equal(expected, OvhSignature.Compute("APPLICATION_SECRET", "CONSUMER_KEY", method, url, body, 1566485767));

    [Fact]
    public void Set_C_documentation_worked_example() =>
        Assert.Equal(
            "$1$6a77f43f2871db97a029f1d1d81c4dcd3c6f7265",
            OvhSignature.Compute("EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF", "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1", "GET", "https://eu.api.ovh.com/1.0/domain/", string.Empty, 1366560945));

    /// <summary>Set D goes through our route builder and URI construction, so it proves that what we sign is what we send.</summary>
    [Theory]
    [InlineData("GET", "auth-time", "", "https://eu.api.ovh.com/1.0/auth/time", "$1$9f7b820db5d8f0405e94c054256acb03c2219126")]
    [InlineData("GET", "servers", "", "https://eu.api.ovh.com/1.0/dedicated/server", "$1$20f8392910fcfc88a6ff1cf52244d42c3c5b43a4")]
    [InlineData("GET", "server", "", "https://eu.api.ovh.com/1.0/dedicated/server/ns1234.ip-1-2-3.eu", "$1$9a89f2b0c7d1f080ffb7e365b06f2c2e3608152c")]
    [InlineData("GET", "ipmi", "", "https://eu.api.ovh.com/1.0/dedicated/server/ns1234.ip-1-2-3.eu/features/ipmi", "$1$ca4e4c4aa2b58d3e433a0dacc56ce46bf05d8789")]
    [InlineData("POST", "access", "{\"ipToAllow\":\"203.0.113.7\",\"ttl\":15,\"type\":\"kvmipHtml5URL\"}", "https://eu.api.ovh.com/1.0/dedicated/server/ns1234.ip-1-2-3.eu/features/ipmi/access", "$1$c885199b9a63847fa1a4d3843b5b2d8a556ea1c2")]
    [InlineData("GET", "task", "", "https://eu.api.ovh.com/1.0/dedicated/server/ns1234.ip-1-2-3.eu/task/123456", "$1$c84b7858a553850c8fafa9a902d3f39676e4f569")]
    [InlineData("GET", "access-value", "", "https://eu.api.ovh.com/1.0/dedicated/server/ns1234.ip-1-2-3.eu/features/ipmi/access?type=kvmipHtml5URL", "$1$bb1d0676f648b5576ce79db68469f6b8c6319a78")]
    [InlineData("POST", "geolocation", "", "https://eu.api.ovh.com/1.0/me/geolocation", "$1$d149d5de780ed8afed90cf54d8866885b647fa3b")]
    public void Set_D_our_calls_sign_the_exact_url_sent(string method, string call, string body, string expectedUrl, string expected)
    {
        const string Service = "ns1234.ip-1-2-3.eu";
        var route = call switch
        {
            "auth-time" => OvhRoute.AuthTime,
            "servers" => OvhRoute.Servers,
            "server" => OvhRoute.Server(Service),
            "ipmi" => OvhRoute.Ipmi(Service),
            "access" => OvhRoute.IpmiAccess(Service),
            "task" => OvhRoute.Task(Service, 123456),
            "access-value" => OvhRoute.IpmiAccessValue(Service),
            _ => OvhRoute.Geolocation,
        };
        var options = new OvhOptions { Endpoint = "ovh-eu", ApplicationKey = "TDPKJdwZwAQPwKX2", ApplicationSecret = new Secret(SetAsecret), ConsumerKey = new Secret(SetAconsumer) };

        var url = route.ToUri(OvhEndpoints.Resolve(options)).AbsoluteUri;

        Assert.Equal(expectedUrl, url);
        Assert.Equal(expected, OvhSignature.Compute(SetAsecret, SetAconsumer, method, url, body, SetAtime));
    }

    [Fact]
    public void Access_request_body_serialises_to_the_exact_signed_text()
    {
        var body = System.Text.Json.JsonSerializer.Serialize(
            new OvhIkvm.Ovh.Api.Models.IpmiAccessRequest("203.0.113.7", 15, OvhRoute.IpmiAccessTypeHtml5),
            OvhJsonContext.Default.IpmiAccessRequest);

        Assert.Equal("{\"ipToAllow\":\"203.0.113.7\",\"ttl\":15,\"type\":\"kvmipHtml5URL\"}", body);
    }

    [Fact]
    public void Long_urls_beyond_the_stack_buffer_sign_like_short_ones()
    {
        var url = "https://eu.api.ovh.com/1.0/" + new string('x', 5000);
        var expected = "$1$" + Convert.ToHexStringLower(
#pragma warning disable CA5350 // the reference computation of OVH's SHA-1 signature
            System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes($"{SetAsecret}+{SetAconsumer}+GET+{url}++{SetAtime}")));
#pragma warning restore CA5350

        Assert.Equal(expected, OvhSignature.Compute(SetAsecret, SetAconsumer, "GET", url, string.Empty, SetAtime));
    }
}
