using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>The simulator rejects what a real BMC rejects, so that the client tests prove something.</summary>
public sealed class BmcSimulatorRulesTests
{
    [Fact]
    public async Task Rest_calls_need_the_session_cookie_and_the_csrf_header()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = bmc.BaseUrl };
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var (session, csrf) = await LoginAsync(http, bmc, cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(http, cookie: null, csrf, cancellation));
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(http, "QSESSIONID=wrong", csrf, cancellation));
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(http, $"QSESSIONID={session}", csrf: null, cancellation));
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(http, $"QSESSIONID={session}", "bad", cancellation));
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(http, $"QSESSIONID={session}", csrf, cancellation));
    }

    [Fact]
    public async Task The_kvm_socket_needs_an_origin_and_a_live_session()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = bmc.BaseUrl };
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var (session, _) = await LoginAsync(http, bmc, cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(bmc, $"QSESSIONID={session}", origin: null, cancellation));
        Assert.Equal(HttpStatusCode.Unauthorized, await UpgradeStatusAsync(bmc, "QSESSIONID=wrong", "https://x", cancellation));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(bmc, $"QSESSIONID={session}", "https://x", cancellation));
    }

    [Fact]
    public async Task A_kvm_token_validates_once_and_a_newer_token_replaces_an_unused_one()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        var decoder = new RecordingDecoder();

        // Two full captures through one viewer session: each needs (and gets) its own token.
        var factory = AmiTestHost.Factory(decoder);
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var session = await factory.OpenAsync(new OvhIkvm.Consoles.ViewerPageEndpoint(new OvhIkvm.Consoles.Secret(bmc.ViewerUrlFor().ToString())), null, cancellation);
        await using (session)
        {
            await session.CaptureFrameAsync(cancellation);
            await session.CaptureFrameAsync(cancellation);
        }

        var tokens = bmc.ClientPackets.Where(p => p.Command == 0x12).Select(p => Convert.ToHexString(p.Payload.Span)).ToList();
        Assert.Equal(2, tokens.Count);
        Assert.NotEqual(tokens[0], tokens[1]);

        // Replaying a used token is refused: validation result 0.
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = bmc.BaseUrl };
        var (web, _) = await LoginAsync(http, bmc, cancellation);
        using var socket = await ConnectAsync(bmc, $"QSESSIONID={web}", cancellation);
        await ReceiveAsync(socket, cancellation);
        var replay = bmc.ClientPackets.First(p => p.Command == 0x12).Payload.ToArray();
        await socket.SendAsync(Packet(0x12, 1, replay), WebSocketMessageType.Binary, true, cancellation);
        var answer = await ReceiveAsync(socket, cancellation);
        Assert.Equal("1300", Convert.ToHexString(answer, 0, 2));
        Assert.Equal(0, answer[8]);
    }

    [Theory]
    [InlineData(false, HttpStatusCode.Forbidden)]
    [InlineData(true, HttpStatusCode.OK)]
    public async Task A_foreign_viewer_url_opens_one_session_only_when_allowed_and_reopens_the_same_one(bool acceptForeign, HttpStatusCode expected)
    {
        await using var bmc = await AmiTestHost.StartAsync(new BmcSimulatorOptions { AcceptForeignViewerTokens = acceptForeign });
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var url = $"{bmc.ViewerPageUrl}?token=minted-by-the-ovh-simulator";

        using var first = await http.GetAsync(url, cancellation);
        using var second = await http.GetAsync(url, cancellation);

        // The page sets QSESSIONID to the token, so while that session lives the URL keeps working: an OVH grant is
        // reusable within its TTL. It must not mint a second session.
        Assert.Equal(expected, first.StatusCode);
        Assert.Equal(expected, second.StatusCode);
        Assert.Equal(acceptForeign ? 1 : 0, bmc.OpenWebSessions);
    }

    private static async Task<(string Session, string Csrf)> LoginAsync(HttpClient http, BmcSimulator bmc, CancellationToken cancellation)
    {
        using var login = await http.PostAsync(
            "/api/session",
            new FormUrlEncodedContent([new("username", bmc.Options.Username), new("password", bmc.Options.Password)]),
            cancellation);
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0]["QSESSIONID=".Length..];
        using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync(cancellation));
        return (cookie, json.RootElement.GetProperty("CSRFToken").GetString()!);
    }

    private static async Task<HttpStatusCode> TokenStatusAsync(HttpClient http, string? cookie, string? csrf, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/kvm/token");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (csrf is not null)
        {
            request.Headers.Add("X-CSRFTOKEN", csrf);
        }

        using var response = await http.SendAsync(request, cancellation);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> UpgradeStatusAsync(BmcSimulator bmc, string cookie, string? origin, CancellationToken cancellation)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Cookie", cookie);
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        try
        {
            await socket.ConnectAsync(new Uri($"ws://{bmc.BaseUrl.Authority}/kvm"), cancellation);
        }
        catch (WebSocketException)
        {
            // The status below says why.
        }

        return socket.HttpStatusCode;
    }

    private static async Task<ClientWebSocket> ConnectAsync(BmcSimulator bmc, string cookie, CancellationToken cancellation)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("binary");
        socket.Options.SetRequestHeader("Cookie", cookie);
        socket.Options.SetRequestHeader("Origin", "https://x");
        await socket.ConnectAsync(new Uri($"ws://{bmc.BaseUrl.Authority}/kvm"), cancellation);
        return socket;
    }

    private static async Task<byte[]> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellation)
    {
        var buffer = new byte[4096];
        var result = await socket.ReceiveAsync(buffer, cancellation);
        return buffer[..result.Count];
    }

    private static byte[] Packet(ushort command, ushort status, byte[] payload)
    {
        var packet = new byte[8 + payload.Length];
        BitConverter.TryWriteBytes(packet.AsSpan(0, 2), command);
        BitConverter.TryWriteBytes(packet.AsSpan(2, 4), payload.Length);
        BitConverter.TryWriteBytes(packet.AsSpan(6, 2), status);
        payload.CopyTo(packet, 8);
        return packet;
    }
}
