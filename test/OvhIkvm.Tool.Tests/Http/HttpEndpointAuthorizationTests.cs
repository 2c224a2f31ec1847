using NSubstitute;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Consoles;

namespace OvhIkvm.Tool.Tests.Http;

/// <summary>
/// A hostile HTTP client on a real socket: whatever spelling of the path it uses, nothing reaches MCP handling
/// without the bearer token. The token is checked by the endpoint's authorisation, not by matching a path.
/// </summary>
public sealed class HttpEndpointAuthorizationTests
{
    private const string Token = "8d0f6c2b9e41a7d35c6b0e2f9a8d1c47";
    private const string ListServersCall = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"list_servers","arguments":{}}}""";

    // Every spelling that ASP.NET Core routing may map to /mcp (its matching is case-insensitive and it decodes
    // unreserved percent-escapes), plus dot segments and doubled slashes that proxies and servers normalise.
    public static TheoryData<string> PathSpellings =>
    [
        "/mcp", "/MCP", "/Mcp", "/mCp", "/%4DCP", "/%4dcp", "/%6Dcp", "/m%63p", "/mcp/", "/MCP/", "//mcp", "/./mcp",
        "/x/../mcp", "/health/../mcp", "/mcp?x=1", "/mcp#f", "/%2Fmcp", "/mcp%2F", "/MCP;a=b",
    ];

    [Theory]
    [MemberData(nameof(PathSpellings))]
    public async Task Without_the_token_no_spelling_of_the_path_reaches_mcp(string path)
    {
        var directory = Substitute.For<IConsoleDirectory>();
        await using var server = await StartAsync(directory);

        var response = await PostAsync(server.Address, path, authorization: null);

        Assert.Contains(response.Status, new[] { 401, 404, 400 });
        Assert.DoesNotContain("jsonrpc", response.Body, StringComparison.Ordinal);
        Assert.Empty(directory.ReceivedCalls());
    }

    [Theory]
    [InlineData("/mcp")]
    [InlineData("/MCP")]
    [InlineData("/%4DCP")]
    public async Task With_the_token_the_spellings_that_route_to_mcp_are_served(string path)
    {
        // Proves the spellings above really reach the endpoint, so their 401 comes from its authorisation.
        var directory = Substitute.For<IConsoleDirectory>();
        directory.ListServersAsync(Arg.Any<CancellationToken>(), Arg.Any<CancellationToken>()).Returns(new ServerListing([], []));
        await using var server = await StartAsync(directory);

        var response = await PostAsync(server.Address, path, $"Bearer {Token}");

        Assert.Equal(200, response.Status);
        Assert.Contains("\"id\":7", response.Body, StringComparison.Ordinal);
        await directory.Received(1).ListServersAsync(Arg.Any<CancellationToken>(), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("Bearer wrong-token-8d0f6c2b9e41a7d35c6b0e2f9a8d1c")]
    [InlineData("Bearer " + Token + "x")]
    [InlineData("Basic " + Token)]
    [InlineData("Bearer")]
    [InlineData("bearer  ")]
    public async Task A_wrong_or_malformed_token_is_refused_with_a_bearer_challenge(string authorization)
    {
        var directory = Substitute.For<IConsoleDirectory>();
        await using var server = await StartAsync(directory);

        var response = await PostAsync(server.Address, "/MCP", authorization);

        Assert.Equal(401, response.Status);
        Assert.Contains("WWW-Authenticate: Bearer", response.Head, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(directory.ReceivedCalls());
    }

    [Fact]
    public async Task Two_authorization_headers_are_refused()
    {
        var directory = Substitute.For<IConsoleDirectory>();
        await using var server = await StartAsync(directory);

        var response = await RawHttpClient.SendAsync(
            server.Address,
            $"POST /mcp HTTP/1.1\nAuthorization: Bearer {Token}\nAuthorization: Bearer {Token}\n{McpHeaders}",
            ListServersCall,
            TestTimeouts.Within(TestTimeouts.Network));

        Assert.Equal(401, response.Status);
        Assert.Empty(directory.ReceivedCalls());
    }

    [Fact]
    public async Task The_health_check_needs_no_token_and_says_nothing_else()
    {
        await using var server = await StartAsync(Substitute.For<IConsoleDirectory>());

        var response = await RawHttpClient.SendAsync(server.Address, "GET /health HTTP/1.1", "", TestTimeouts.Within(TestTimeouts.Network));

        Assert.Equal(200, response.Status);
        Assert.Equal("ok", response.Body);
    }

    private const string McpHeaders = "Content-Type: application/json\nAccept: application/json, text/event-stream";

    private static Task<RawHttpResponse> PostAsync(Uri server, string path, string? authorization) =>
        RawHttpClient.SendAsync(
            server,
            $"POST {path} HTTP/1.1\n{(authorization is null ? "" : $"Authorization: {authorization}\n")}{McpHeaders}",
            ListServersCall,
            TestTimeouts.Within(TestTimeouts.Network));

    private static Task<RunningHttpServer> StartAsync(IConsoleDirectory directory) => RunningHttpServer.StartAsync(
        new Dictionary<ToolSetting, string?> { [ToolSettings.HttpUrl] = "http://127.0.0.1:0", [ToolSettings.HttpToken] = Token },
        directory);
}
