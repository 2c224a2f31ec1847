using NSubstitute;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Consoles;

namespace OvhIkvm.Tool.Tests.Http;

/// <summary>
/// Browsers relay requests for any page: the Origin is checked on every bind, against an allow-list off loopback,
/// and CORS preflights are answered for allowed origins only. Each server here listens on 127.0.0.1; the
/// non-loopback cases keep the plan of a public address and only bind to loopback for the test.
/// </summary>
public sealed class HttpOriginAndCorsTests
{
    private const string Token = "3c9a7e1f0b5d4286a1e9c7f3b2d8e6a4";
    private const string AllowedOrigin = "https://chat.example.com";
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";
    private const string McpHeaders = "Content-Type: application/json\nAccept: application/json, text/event-stream";

    [Theory]
    [InlineData(null, 200)]
    [InlineData(AllowedOrigin, 200)]
    [InlineData("HTTPS://Chat.Example.com", 200)]
    [InlineData("https://chat.example.com:8443", 403)]
    [InlineData("http://chat.example.com", 403)]
    [InlineData("https://evil.example", 403)]
    [InlineData("http://127.0.0.1:8080", 403)]
    [InlineData("null", 403)]
    public async Task Off_loopback_only_allow_listed_origins_are_served(string? origin, int expected)
    {
        await using var server = await StartAsync(publicAddress: true);

        var response = await PostInitializeAsync(server.Address, origin, host: "mcp.example.com");

        Assert.Equal(expected, response.Status);
    }

    [Theory]
    [InlineData(null, null, 200)]
    [InlineData(null, "http://localhost:8080", 200)]
    [InlineData(null, "http://[::1]:5173", 200)]
    [InlineData(null, AllowedOrigin, 200)]
    [InlineData(null, "https://evil.example", 403)]
    [InlineData("evil.example", null, 403)]
    [InlineData("127.0.0.1.evil.example", null, 403)]
    public async Task On_loopback_host_and_origin_must_be_loopback_or_allow_listed(string? host, string? origin, int expected)
    {
        await using var server = await StartAsync(publicAddress: false);

        var response = await PostInitializeAsync(server.Address, origin, host);

        Assert.Equal(expected, response.Status);
    }

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_without_the_token()
    {
        await using var server = await StartAsync(publicAddress: true);

        var response = await RawHttpClient.SendAsync(
            server.Address,
            $"OPTIONS /mcp HTTP/1.1\nOrigin: {AllowedOrigin}\nAccess-Control-Request-Method: POST\n" +
            "Access-Control-Request-Headers: authorization, content-type, mcp-protocol-version",
            "",
            TestTimeouts.Within(TestTimeouts.Network));

        Assert.Equal(204, response.Status);
        Assert.Contains($"Access-Control-Allow-Origin: {AllowedOrigin}", response.Head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Access-Control-Allow-Methods:", response.Head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("authorization", HeaderValue(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("mcp-protocol-version", HeaderValue(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_preflight_from_another_origin_is_refused()
    {
        await using var server = await StartAsync(publicAddress: true);

        var response = await RawHttpClient.SendAsync(
            server.Address,
            "OPTIONS /mcp HTTP/1.1\nOrigin: https://evil.example\nAccess-Control-Request-Method: POST",
            "",
            TestTimeouts.Within(TestTimeouts.Network));

        Assert.Equal(403, response.Status);
        Assert.DoesNotContain("Access-Control-Allow-Origin", response.Head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_allowed_origin_gets_the_cors_headers_on_the_answer()
    {
        await using var server = await StartAsync(publicAddress: true);

        var response = await PostInitializeAsync(server.Address, AllowedOrigin, host: "mcp.example.com");

        Assert.Equal(200, response.Status);
        Assert.Contains($"Access-Control-Allow-Origin: {AllowedOrigin}", response.Head, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("GET", 405)]
    [InlineData("DELETE", 405)]
    public async Task Stateless_get_and_delete_are_answered_as_the_specification_says(string method, int expected)
    {
        await using var server = await StartAsync(publicAddress: false);

        var response = await RawHttpClient.SendAsync(
            server.Address,
            $"{method} /mcp HTTP/1.1\nAuthorization: Bearer {Token}\nAccept: text/event-stream",
            "",
            TestTimeouts.Within(TestTimeouts.Network));

        Assert.Equal(expected, response.Status);
    }

    [Theory]
    [InlineData("Accept: application/json", 406)]
    [InlineData("Accept: text/html", 406)]
    [InlineData("Accept: application/json, text/event-stream\nMCP-Protocol-Version: 1999-01-01", 400)]
    public async Task The_sdk_handler_enforces_accept_and_the_protocol_version(string headers, int expected)
    {
        await using var server = await StartAsync(publicAddress: false);

        var response = await RawHttpClient.SendAsync(
            server.Address,
            $"POST /mcp HTTP/1.1\nAuthorization: Bearer {Token}\nContent-Type: application/json\n{headers}",
            Initialize,
            TestTimeouts.Within(TestTimeouts.Network));

        Assert.Equal(expected, response.Status);
    }

    private static Task<RawHttpResponse> PostInitializeAsync(Uri server, string? origin, string? host)
    {
        var head = $"POST /mcp HTTP/1.1\nAuthorization: Bearer {Token}\n{McpHeaders}";
        if (origin is not null)
        {
            head += $"\nOrigin: {origin}";
        }

        return RawHttpClient.SendAsync(server, head, Initialize, TestTimeouts.Within(TestTimeouts.Network), host);
    }

    private static string HeaderValue(RawHttpResponse response, string name) =>
        response.Head.Split("\r\n").FirstOrDefault(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)) ?? "";

    private static Task<RunningHttpServer> StartAsync(bool publicAddress) => RunningHttpServer.StartAsync(
        new Dictionary<ToolSetting, string?>
        {
            [ToolSettings.HttpUrl] = publicAddress ? "http://192.0.2.10:3001" : "http://127.0.0.1:0",
            [ToolSettings.HttpToken] = Token,
            [ToolSettings.HttpAllowedOrigins] = AllowedOrigin,
        },
        Substitute.For<IConsoleDirectory>());
}
