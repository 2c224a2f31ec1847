using System.Security.Authentication;
using System.Net.Sockets;
using System.Net.WebSockets;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Kvm.Tls;

namespace OvhIkvm.Kvm.Rfb.Transport;

/// <summary>
/// Opens the byte stream RFB runs over: plain TCP for <c>vnc://host[:port]</c>, or the binary messages of a
/// WebSocket for <c>ws://</c> and <c>wss://</c> (how noVNC, websockify, QEMU and BMC viewers carry RFB).
/// RFB ignores WebSocket message boundaries, so both are just a <see cref="Stream"/> to the protocol code
/// (<see cref="RfbWebSocketStream"/> for WebSocket). A <c>wss://</c> certificate is checked by the same
/// <see cref="TlsCertificatePolicy"/> as a BMC's: the system's validation, or exactly the pinned certificate.
/// </summary>
internal static class RfbTransport
{
    public const int DefaultVncPort = 5900;

    /// <summary>The subprotocol noVNC offers; servers that choose none are accepted too.</summary>
    public const string WebSocketSubProtocol = "binary";

    /// <summary>A description of the address that is safe to log and show: scheme, host and port, never the path or query (tokens).</summary>
    public static string Describe(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var port = address.IsDefaultPort && IsVnc(address) ? DefaultVncPort : address.Port;
        return $"{address.Scheme}://{address.IdnHost}:{port}";
    }

    public static async Task<Stream> ConnectAsync(VncEndpoint endpoint, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var address = endpoint.Address;
        if (endpoint.PinnedCertificate is not null && address.Scheme != "wss")
        {
            // Whoever pinned a certificate expects the connection to be checked: a cleartext one cannot be.
            throw new ConsoleConfigurationException(
                $"A certificate pin was given for the VNC server at {Describe(address)}, which is not wss:// and so presents no certificate; use its wss:// address, or drop the pin.");
        }

        var tls = TlsCertificatePolicy.For(endpoint);
        using var deadline = new Deadline(timeout, time, cancellationToken);
        try
        {
            if (IsVnc(address))
            {
                return await ConnectTcpAsync(address, deadline.Token).ConfigureAwait(false);
            }

            if (address.Scheme is "ws" or "wss")
            {
                return await ConnectWebSocketAsync(address, tls, time, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline.Expired && !cancellationToken.IsCancellationRequested)
        {
            throw new RfbProtocolException(
                $"The VNC server at {Describe(address)} did not accept a connection within {timeout.TotalSeconds:0} s; check that it is running and reachable.");
        }
        catch (Exception ex) when ((ex is WebSocketException or AuthenticationException) && tls.DescribeRefusal(ex) is not null)
        {
            throw new RfbProtocolException($"Could not connect to the VNC server at {Describe(address)}: {tls.DescribeRefusal(ex)}.", ex);
        }
        catch (Exception ex) when (ex is SocketException or WebSocketException or IOException or AuthenticationException)
        {
            throw new RfbProtocolException(
                $"Could not connect to the VNC server at {Describe(address)} ({FirstSentence(ex.Message)}); check the address and that the server is running.",
                ex);
        }

        throw new ConsoleConfigurationException(
            $"The VNC address scheme '{address.Scheme}' is not supported; use vnc://host[:port], ws:// or wss://.");
    }

    private static bool IsVnc(Uri address) => address.Scheme == "vnc";

    private static async Task<Stream> ConnectTcpAsync(Uri address, CancellationToken cancellationToken)
    {
        var port = address.IsDefaultPort ? DefaultVncPort : address.Port;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(address.IdnHost, port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<Stream> ConnectWebSocketAsync(Uri address, TlsCertificatePolicy tls, TimeProvider time, CancellationToken cancellationToken)
    {
        var webSocket = new ClientWebSocket();
        try
        {
            webSocket.Options.AddSubProtocol(WebSocketSubProtocol);
            webSocket.Options.RemoteCertificateValidationCallback = tls.Validate;
            await webSocket.ConnectAsync(address, cancellationToken).ConfigureAwait(false);
            return new RfbWebSocketStream(webSocket, Describe(address), time);
        }
        catch
        {
            webSocket.Dispose();
            throw;
        }
    }

    internal static string FirstSentence(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
