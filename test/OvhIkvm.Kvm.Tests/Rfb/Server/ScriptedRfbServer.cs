using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace OvhIkvm.Kvm.Tests.Rfb.Server;

/// <summary>
/// A loopback RFB server (random port) that plays one script against one client: each test writes the exact bytes
/// a server of some version, security type or misbehaviour would send, and checks what the client sends back.
/// Over WebSocket it plays websockify: the same script, carried in binary frames (masked ones if asked, which a server must never send),
/// and behind TLS with a given certificate for <c>wss://</c>.
/// </summary>
internal sealed class ScriptedRfbServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Task _script;
    private readonly CancellationTokenSource _stop = new();

    private readonly WebSocketFraming? _webSocket;
    private readonly X509Certificate2? _certificate;
    private int _upgradeRequested;

    private ScriptedRfbServer(Func<RfbServerSide, CancellationToken, Task> script, WebSocketFraming? webSocket, X509Certificate2? certificate = null)
    {
        _webSocket = webSocket;
        _certificate = certificate;
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
        : new($"{(_certificate is null ? "ws" : "wss")}://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/websockify");

    /// <summary>Whether a client's WebSocket upgrade request arrived: the first thing it sends once TLS is up.</summary>
    public bool UpgradeRequested => Volatile.Read(ref _upgradeRequested) == 1;

    public static ScriptedRfbServer Start(Func<RfbServerSide, CancellationToken, Task> script) => new(script, null);

    public static ScriptedRfbServer StartOverWebSocket(Func<RfbServerSide, CancellationToken, Task> script, WebSocketFraming framing = WebSocketFraming.Unmasked) =>
        new(script, framing);

    /// <summary>websockify with <c>--cert</c>: the WebSocket behind a TLS handshake that presents <paramref name="certificate"/>.</summary>
    public static ScriptedRfbServer StartOverSecureWebSocket(X509Certificate2 certificate, Func<RfbServerSide, CancellationToken, Task> script) =>
        new(script, WebSocketFraming.Unmasked, certificate);

    /// <summary>Waits for the script to finish, surfacing its assertion failures.</summary>
    public Task Completion => _script;

    private async Task RunAsync(Func<RfbServerSide, CancellationToken, Task> script, CancellationToken cancellationToken)
    {
        using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
        await using var stream = await SecureAsync(client.GetStream(), cancellationToken);
        Stream transport = stream;
        if (_webSocket is { } framing)
        {
            transport = await RawWebSocketServerStream.AcceptAsync(stream, framing == WebSocketFraming.MaskedAgainstTheRules, cancellationToken);
            Volatile.Write(ref _upgradeRequested, 1);
        }

        await script(new RfbServerSide(transport), cancellationToken);
    }

    private async Task<Stream> SecureAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        if (_certificate is null)
        {
            return stream;
        }

        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, cancellationToken);
        return tls;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _stop.CancelAsync();
        try
        {
            await _script;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or AuthenticationException)
        {
            // The client under test hung up or the test ended first: nothing left to check.
        }

        _stop.Dispose();
    }
}
