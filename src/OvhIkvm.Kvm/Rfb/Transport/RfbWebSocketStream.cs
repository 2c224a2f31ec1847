using System.Net.WebSockets;

namespace OvhIkvm.Kvm.Rfb.Transport;

/// <summary>
/// RFB's byte stream over a WebSocket (websockify, noVNC, QEMU): each write is one binary message, reads return
/// message bytes as they come, whatever the message boundaries. Unlike the platform's <c>WebSocketStream</c>, a
/// protocol violation (a masked server frame, bad bits) becomes a <see cref="RfbProtocolException"/> naming the
/// server, and disposing never waits for the server's answer: it sends the close frame, as TCP sends a FIN, and lets
/// go, so an error surfaces as fast as over TCP even when the server holds the connection open. A session that typed
/// waits instead: it sends the close frame first (<see cref="CloseOutputAsync"/>) and reads until the server's close.
/// </summary>
internal sealed class RfbWebSocketStream(ClientWebSocket socket, string server, TimeProvider time) : Stream
{
    private static readonly TimeSpan CloseSendTimeout = TimeSpan.FromSeconds(1);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException exception) when (exception.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely && !cancellationToken.IsCancellationRequested)
            {
                // The TCP connection ended without a close frame: for RFB that is the end of the stream, as over TCP.
                return 0;
            }
            catch (WebSocketException exception)
            {
                throw Translate(exception, cancellationToken);
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return 0;
            }

            // An empty data frame is legal and says nothing; 0 would read as the end of the stream.
            if (result.Count > 0 || buffer.IsEmpty)
            {
                return result.Count;
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await socket.SendAsync(buffer, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException exception)
        {
            throw Translate(exception, cancellationToken);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("RFB reads asynchronously.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("RFB writes asynchronously.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>
    /// Sends the close frame, WebSocket's FIN: the server may still send until it answers with its own close, which
    /// reads as the end of the stream. Does nothing when the close frame was already sent.
    /// </summary>
    public async ValueTask CloseOutputAsync(CancellationToken cancellationToken)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException exception)
        {
            throw Translate(exception, cancellationToken);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        using (var limit = new CancellationTokenSource(CloseSendTimeout, time))
        {
            try
            {
                await CloseOutputAsync(limit.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is RfbProtocolException or OperationCanceledException or IOException)
            {
                // The server went away first: there is nobody left to say goodbye to.
            }
        }

        socket.Abort();
        socket.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            socket.Abort();
            socket.Dispose();
        }

        base.Dispose(disposing);
    }

    private Exception Translate(WebSocketException exception, CancellationToken cancellationToken)
    {
        // A cancelled receive or send aborts the socket and surfaces as a WebSocket failure: it is the caller's cancellation.
        if (cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException(cancellationToken);
        }

        return new RfbProtocolException($"The VNC server at {server} broke the WebSocket protocol ({RfbTransport.FirstSentence(exception.Message)}).", exception);
    }
}
