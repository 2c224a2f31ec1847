using System.Buffers;
using System.Buffers.Text;
using System.Net.WebSockets;
using OvhIkvm.Kvm.Ami.Web;
using OvhIkvm.Kvm.Tls;
using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Ami.Ivtp;

/// <summary>
/// The KVM WebSocket (<c>wss://host/kvm</c>) as a byte stream. Offers the <c>binary</c> and <c>base64</c>
/// subprotocols; when the BMC does not pick <c>binary</c>, outgoing bytes are sent as base64 text, as AMI's viewer
/// does. Incoming text messages are always base64-decoded, whatever was negotiated.
/// </summary>
internal sealed class IvtpSocket : IAsyncDisposable
{
    public const string BinarySubprotocol = "binary";
    public const string Base64Subprotocol = "base64";
    private const int ReceiveChunk = 64 * 1024;

    // At most one held-back quantum plus an incomplete one.
    private const int MaxPendingBase64 = 8;

    private readonly ClientWebSocket _socket;

    // The one send gate of the connection: a WebSocket takes one send at a time, and a held session has more than one
    // writer (the follow loop's keep-alives and full-screen requests, the polite close, and the key events issue 15
    // will send while a NextFrameAsync is pending: they go through SendAsync too, and need nothing else).
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    // Plain arrays, not pooled: a receive cancelled by Abort may still be unwinding when the session is disposed.
    private readonly byte[] _receiveBuffer = new byte[ReceiveChunk];
    private readonly byte[] _decodeBuffer = new byte[ReceiveChunk];
    private readonly byte[] _textBuffer = new byte[ReceiveChunk + MaxPendingBase64];
    private int _textPending;

    private IvtpSocket(ClientWebSocket socket)
    {
        _socket = socket;
    }

    /// <summary>True when outgoing messages go as base64 text.</summary>
    public bool SendsBase64 { get; private set; }

    /// <exception cref="ConsoleException">The upgrade failed; the message names the host and the HTTP status.</exception>
    public static async Task<IvtpSocket> ConnectAsync(Uri address, BmcWebSession web, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(web);
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.AddSubProtocol(BinarySubprotocol);
            socket.Options.AddSubProtocol(Base64Subprotocol);
            socket.Options.SetRequestHeader("Cookie", web.CookieHeader());

            // BMCs reject a KVM socket without an Origin; the browser viewer always sends the https origin.
            socket.Options.SetRequestHeader("Origin", $"https://{address.Authority}");
            socket.Options.RemoteCertificateValidationCallback = web.Http.Tls.Validate;
            socket.Options.Proxy = null;
            socket.Options.KeepAliveInterval = Timeout.InfiniteTimeSpan;
            socket.Options.CollectHttpResponseDetails = true;
            try
            {
                await socket.ConnectAsync(address, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException exception)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var message = DescribeConnectFailure(address.Authority, socket, web.Http.Tls, exception);
                throw (int)socket.HttpStatusCode is 401 or 403
                    ? new ConsoleAccessRefusedException(message, exception)
                    : new ConsoleException(message, exception);
            }

            return new IvtpSocket(socket)
            {
                SendsBase64 = !string.Equals(socket.SubProtocol, BinarySubprotocol, StringComparison.OrdinalIgnoreCase),
            };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string DescribeConnectFailure(string host, ClientWebSocket socket, TlsCertificatePolicy tls, WebSocketException exception)
    {
        var status = (int)socket.HttpStatusCode;
        if (status is 401 or 403)
        {
            return $"The BMC at {host} refused the KVM WebSocket (HTTP {status}): the web session is no longer valid; request a new console access.";
        }

        if (status != 0 && status != 101)
        {
            return $"The BMC at {host} answered the KVM WebSocket with HTTP {status} instead of switching protocols; is the HTML5 KVM enabled?";
        }

        if (tls.DescribeRefusal(exception) is { } refusal)
        {
            return $"Could not open the KVM WebSocket to the BMC at {host}: {refusal}.";
        }

        return $"Could not open the KVM WebSocket to {host} ({exception.WebSocketErrorCode}); check that the BMC is reachable.";
    }

    public async Task SendAsync(byte[] message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (SendsBase64)
            {
                var text = new byte[Base64.GetMaxEncodedToUtf8Length(message.Length)];
                Base64.EncodeToUtf8(message, text, out _, out var written);
                await _socket.SendAsync(text.AsMemory(0, written), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                return;
            }

            await _socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>Receives one chunk of the stream into <paramref name="reader"/>; false once the BMC has closed the socket.</summary>
    /// <exception cref="IvtpProtocolException">A text message is not valid base64.</exception>
    /// <exception cref="OperationCanceledException">Also while waiting for the decode budget to make room for the chunk.</exception>
    public async Task<bool> ReceiveAsync(IvtpPacketReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var result = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(0, ReceiveChunk), cancellationToken).ConfigureAwait(false);
        switch (result.MessageType)
        {
            case WebSocketMessageType.Close:
                return false;
            case WebSocketMessageType.Binary:
                await reader.MakeRoomAsync(result.Count, cancellationToken).ConfigureAwait(false);
                reader.Append(_receiveBuffer.AsSpan(0, result.Count));
                return true;
            default:
                // Base64 decodes to fewer bytes than it has characters, the held-back quantum included.
                await reader.MakeRoomAsync(result.Count + MaxPendingBase64, cancellationToken).ConfigureAwait(false);
                AppendBase64(reader, _receiveBuffer.AsSpan(0, result.Count), result.EndOfMessage);
                return true;
        }
    }

    /// <summary>Sends a last packet, then closes politely without waiting long for a BMC that stopped answering.</summary>
    public async Task CloseAsync(byte[] farewell, TimeSpan timeout, TimeProvider time)
    {
        using var limit = new CancellationTokenSource(timeout, time);
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await SendAsync(farewell, limit.Token).ConfigureAwait(false);
                await _sendGate.WaitAsync(limit.Token).ConfigureAwait(false);
                try
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, limit.Token).ConfigureAwait(false);
                }
                finally
                {
                    _sendGate.Release();
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            // The BMC went away first: nothing left to close politely.
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private void AppendBase64(IvtpPacketReader reader, ReadOnlySpan<byte> chunk, bool endOfMessage)
    {
        // A text message may arrive in chunks that cut a base64 quantum: undecoded characters wait for the next chunk.
        chunk.CopyTo(_textBuffer.AsSpan(_textPending));
        var length = _textPending + chunk.Length;
        var text = _textBuffer.AsSpan(0, length);
        while (!text.IsEmpty)
        {
            var status = Base64.DecodeFromUtf8(text, _decodeBuffer, out var consumed, out var written, isFinalBlock: endOfMessage);
            reader.Append(_decodeBuffer.AsSpan(0, written));
            text = text[consumed..];
            if (status == OperationStatus.DestinationTooSmall)
            {
                continue;
            }

            if (status == OperationStatus.Done || (status == OperationStatus.NeedMoreData && !endOfMessage))
            {
                break;
            }

            throw new IvtpProtocolException("the BMC sent a text message that is not valid base64");
        }

        if (text.Length > MaxPendingBase64)
        {
            throw new IvtpProtocolException("the BMC sent a text message that is not valid base64");
        }

        text.CopyTo(_textBuffer);
        _textPending = text.Length;
    }
}
