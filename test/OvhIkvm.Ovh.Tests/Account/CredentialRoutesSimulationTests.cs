using System.Net;
using System.Text;
using System.Text.Json;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;

namespace OvhIkvm.Ovh.Tests.Account;

/// <summary>The simulator's credential routes answer raw HTTP as OVH documents them, whatever client calls them.</summary>
public sealed class CredentialRoutesSimulationTests
{
    private const string MinimalBody = """{"accessRules":[{"method":"GET","path":"/dedicated/server"}]}""";

    [Fact]
    public async Task Creating_a_consumer_key_requires_the_application_key_and_nothing_else()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(cancellationToken: ct);
        using var http = new HttpClient();

        using var anonymous = await PostAsync(http, simulator, MinimalBody, applicationKey: null, ct);
        using var keyed = await PostAsync(http, simulator, MinimalBody, simulator.Options.ApplicationKey, ct);

        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        Assert.Contains("INVALID_KEY", await anonymous.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        var answer = JsonDocument.Parse(await keyed.Content.ReadAsStringAsync(ct)).RootElement;
        var issued = Assert.Single(simulator.IssuedCredentials);
        Assert.Equal(issued.ConsumerKey, answer.GetProperty("consumerKey").GetString());
        Assert.Equal("pendingValidation", answer.GetProperty("state").GetString());
        Assert.Equal(issued.ValidationUrl.AbsoluteUri, answer.GetProperty("validationUrl").GetString());
        Assert.Equal(["GET /dedicated/server"], issued.AccessRules);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("""{"accessRules":[]}""")]
    [InlineData("""{"accessRules":[{"method":"PATCH","path":"/me"}]}""")]
    [InlineData("""{"accessRules":[{"method":"GET","path":"me"}]}""")]
    [InlineData("""{"accessRules":[{"method":"GET"}]}""")]
    [InlineData("""{"accessRules":[{"method":"GET","path":"/me"}],"redirection":"not a url"}""")]
    [InlineData("""{"accessRules":[{"method":"GET","path":"/me"}],"redirection":42}""")]
    public async Task A_malformed_request_is_refused_without_issuing_a_key(string body)
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(cancellationToken: ct);
        using var http = new HttpClient();

        using var response = await PostAsync(http, simulator, body, simulator.Options.ApplicationKey, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(simulator.IssuedCredentials);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, OvhApiSimulator simulator, string body, string? applicationKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(simulator.BaseUrl.AbsoluteUri + "/auth/credential"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (applicationKey is not null)
        {
            request.Headers.Add("X-Ovh-Application", applicationKey);
        }

        return await http.SendAsync(request, ct);
    }
}
