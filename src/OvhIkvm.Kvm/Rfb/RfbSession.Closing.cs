using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using OvhIkvm.Kvm.Rfb.Transport;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>
/// The way out of a session that typed. RFB has no goodbye message, and closing a TCP socket with bytes still unread
/// (an update, a Bell or cut text the server sent unasked) sends a reset instead of a FIN: a server that writes again
/// before reading on then fails and drops the client, with our last KeyEvents unread in its buffer. A WebSocket that
/// sends its close frame and aborts is torn down the same way. So the session half-closes (a FIN, or the close frame,
/// after the last key), reads and drops whatever the server still sends until it closes too, and only then closes the
/// socket; bounded in time and bytes, because a hostile server may never stop sending.
/// </summary>
internal sealed partial class RfbSession
{
    /// <summary>A server that closes when we do answers within one round trip; the AMI close waits as long.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Far more than any message a server sends unasked between our last key and our close.</summary>
    private const long MaxDrainBytes = 4L * 1024 * 1024;

    private bool _typed;

    /// <summary>
    /// Half-closes the connection of a session that typed and reads until the server closes its side. Runs only on an
    /// idle session: a capture in progress owns the reader.
    /// </summary>
    private async Task DrainBeforeCloseAsync()
    {
        if (!_typed)
        {
            return;
        }

        var drained = 0L;
        using var limit = new CancellationTokenSource(DrainTimeout, _timeProvider);
        try
        {
            if (!await TryCloseOutputAsync(limit.Token).ConfigureAwait(false))
            {
                return;
            }

            // A follow that stopped waiting left the read of the next message type pending: it takes the first byte.
            if (_nextMessageType is { } pending)
            {
                await pending.WaitAsync(limit.Token).ConfigureAwait(false);
                _nextMessageType = null;
                drained++;
            }

            while (drained < MaxDrainBytes)
            {
                await _context.Reader.ReadU8Async(limit.Token).ConfigureAwait(false);
                drained++;
            }
        }
        catch (RfbProtocolException)
        {
            // The server closed its side: everything it sent has been read, so our close is no reset.
            return;
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            // Cut off below: the server neither closed nor stopped within the time.
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The connection is already gone: there is nothing left to read or to lose.
            return;
        }

        LogDrainCutOff(_logger, _server, drained, DrainTimeout.TotalSeconds);
    }

    /// <summary>The transport's half-close, after which the server reads the end of our stream and may still send; false for a stream without one.</summary>
    private async ValueTask<bool> TryCloseOutputAsync(CancellationToken cancellationToken)
    {
        switch (_stream)
        {
            case RfbWebSocketStream webSocket:
                await webSocket.CloseOutputAsync(cancellationToken).ConfigureAwait(false);
                return true;
            case NetworkStream { Socket: var socket }:
                socket.Shutdown(SocketShutdown.Send);
                return true;
            default:
                return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The VNC server at {Server} had not closed its side after {Bytes} bytes read or {Seconds:0} s, the drain's bounds; the connection is reset")]
    private static partial void LogDrainCutOff(ILogger logger, string server, long bytes, double seconds);
}
