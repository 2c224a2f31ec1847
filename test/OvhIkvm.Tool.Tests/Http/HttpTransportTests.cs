using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using OvhIkvm.Consoles;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Http;

namespace OvhIkvm.Tool.Tests.Http;

public sealed class HttpTransportTests
{
    private const string Token = "test-token-0123456789";
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    [Theory]
    [InlineData("http://0.0.0.0:3001")]
    [InlineData("http://192.0.2.10:3001")]
    public void A_non_loopback_address_without_a_token_is_refused(string url)
    {
        var error = Assert.Throws<ConsoleConfigurationException>(() => HttpListenPlan.Create(Configuration(url, token: null)));

        Assert.Contains("OVH_IKVM_HTTP_TOKEN", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1:3001")]
    [InlineData("http://127.0.0.1:3001/mcp")]
    [InlineData("127.0.0.1:3001")]
    public void An_address_that_is_not_plain_http_host_and_port_is_refused(string url)
    {
        var error = Assert.Throws<ConsoleConfigurationException>(() => HttpListenPlan.Create(Configuration(url, Token)));

        Assert.Contains("--http-url", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secret")]
    [InlineData("correct-horse-battery")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAA")]
    public void A_non_loopback_address_refuses_a_token_under_128_bits(string token)
    {
        var error = Assert.Throws<ConsoleConfigurationException>(() => HttpListenPlan.Create(Configuration("http://192.0.2.10:3001", token)));

        Assert.Contains("128 bits", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("q3Zr8xK2vN7pL4mW9sT1yB6")]
    public void A_non_loopback_address_accepts_a_token_of_128_bits_or_more(string token)
    {
        var plan = HttpListenPlan.Create(Configuration("http://192.0.2.10:3001", token));

        Assert.False(plan.IsLoopback);
        Assert.Equal(token, plan.Token.Reveal());
    }

    [Fact]
    public void On_loopback_a_short_chosen_token_is_accepted()
    {
        Assert.Equal("secret", HttpListenPlan.Create(Configuration("http://127.0.0.1:3001", "secret")).Token.Reveal());
    }

    [Theory]
    [InlineData("https://chat.example.com/")]
    [InlineData("https://chat.example.com/app")]
    [InlineData("chat.example.com")]
    [InlineData("ftp://chat.example.com")]
    [InlineData("*")]
    public void An_allowed_origin_that_is_not_scheme_host_and_port_is_refused(string origin)
    {
        var configuration = ToolConfiguration.Resolve(
            new Dictionary<ToolSetting, string?> { [ToolSettings.HttpUrl] = "http://127.0.0.1:3001", [ToolSettings.HttpAllowedOrigins] = origin },
            new Dictionary<string, string?>());

        var error = Assert.Throws<ConsoleConfigurationException>(() => HttpListenPlan.Create(configuration));

        Assert.Contains("--http-allowed-origins", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_origins_are_normalised_as_browsers_send_them()
    {
        var configuration = ToolConfiguration.Resolve(
            new Dictionary<ToolSetting, string?>(),
            new Dictionary<string, string?> { ["OVH_IKVM_HTTP_ALLOWED_ORIGINS"] = " HTTPS://Chat.Example.com:443 , http://10.0.0.5:8080" });

        var plan = HttpListenPlan.Create(configuration);

        Assert.Equal(["http://10.0.0.5:8080", "https://chat.example.com"], plan.AllowedOrigins.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void On_loopback_without_a_token_one_is_generated()
    {
        var first = HttpListenPlan.Create(Configuration("http://127.0.0.1:3001", token: null));
        var second = HttpListenPlan.Create(Configuration("http://localhost:3001", token: null));

        Assert.True(first.TokenWasGenerated);
        Assert.True(first.Token.Reveal().Length >= 32);
        Assert.NotEqual(first.Token, second.Token);
    }

    [Fact]
    public async Task An_sdk_client_with_the_token_lists_and_calls_tools()
    {
        await using var server = await StartAsync();
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(server.Address, "mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {Token}" },
        });
        await using var client = await McpClient.CreateAsync(
            transport,
            new McpClientOptions { ProtocolVersion = "2025-06-18" },
            cancellationToken: TestContext.Current.CancellationToken);

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        var result = await client.CallToolAsync("list_servers", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["get_screenshot", "list_servers", "wait_for_console"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.True(result.IsError);
        Assert.Contains("OVH_APPLICATION_KEY", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, null, HttpStatusCode.Unauthorized)]
    [InlineData("Bearer wrong-token", null, null, HttpStatusCode.Unauthorized)]
    [InlineData("Bearer " + Token, "evil.example", null, HttpStatusCode.Forbidden)]
    [InlineData("Bearer " + Token, null, "https://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("Bearer " + Token, null, "http://localhost:8080", HttpStatusCode.OK)]
    public async Task Requests_need_the_token_and_loopback_host_and_origin(string? authorization, string? host, string? origin, HttpStatusCode expected)
    {
        await using var server = await StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "mcp"))
        {
            Content = new StringContent(Initialize, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Contains("\"serverInfo\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
    }

    private static ToolConfiguration Configuration(string url, string? token) => ToolConfiguration.Resolve(
        new Dictionary<ToolSetting, string?> { [ToolSettings.HttpUrl] = url, [ToolSettings.HttpToken] = token },
        new Dictionary<string, string?>());

    private static Task<RunningHttpServer> StartAsync() => RunningHttpServer.StartAsync(
        new Dictionary<ToolSetting, string?> { [ToolSettings.HttpUrl] = "http://127.0.0.1:0", [ToolSettings.HttpToken] = Token });
}
