using System.Net;
using System.Net.Sockets;

namespace OvhIkvm.Kvm.Tests.Rfb.Server;

/// <summary>
/// A loopback RFB server (random port) that plays one script against one client: each test writes the exact bytes
/// a server of some version, security type or misbehaviour would send, and checks what the client sends back.
/// Over WebSocket it plays websockify: the same script, carried in binary frames (masked ones if asked, which a server must never send).
/// </summary>
internal sealed class ScriptedRfbServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Task _script;
    private readonly CancellationTokenSource _stop = new();

    private readonly WebSocketFraming? _webSocket;

    private ScriptedRfbServer(Func<RfbServerSide, CancellationToken, Task> script, WebSocketFraming? webSocket)
    {
        _webSocket = webSocket;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _script = RunAsync(script, _stop.Token);
    }

    /// <summary>How the WebSocket variant frames what the server sends.</summary>
    public enum WebSocketFraming
    {
        Unmasked,
        MaskedAgainstTheRules,
    }

    public Uri Address => _webSocket is null
        ? new($"vnc://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}")
        : new($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/websockify");

    public static ScriptedRfbServer Start(Func<RfbServerSide, CancellationToken, Task> script) => new(script, null);

    public static ScriptedRfbServer StartOverWebSocket(Func<RfbServerSide, CancellationToken, Task> script, WebSocketFraming framing = WebSocketFraming.Unmasked) =>
        new(script, framing);

    /// <summary>Waits for the script to finish, surfacing its assertion failures.</summary>
    public Task Completion => _script;

    private async Task RunAsync(Func<RfbServerSide, CancellationToken, Task> script, CancellationToken cancellationToken)
    {
        using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
        await using var stream = client.GetStream();
        Stream transport = _webSocket is { } framing
            ? await RawWebSocketServerStream.AcceptAsync(stream, framing == WebSocketFraming.MaskedAgainstTheRules, cancellationToken)
            : stream;
        await script(new RfbServerSide(transport), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _stop.CancelAsync();
        try
        {
            await _script;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
        {
            // The client under test hung up or the test ended first: nothing left to check.
        }

        _stop.Dispose();
    }
}
