using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OvhIkvm.Tool.Mcp;

namespace OvhIkvm.Tool.Hosting;

/// <summary>
/// The stdio transport with a guard in front of the SDK's reader. The SDK reads stdin line by line with no length
/// bound and drops lines it cannot parse without a reply; this reads stdin itself, bounds each line, answers a line
/// that is not a JSON-RPC message with the JSON-RPC error it deserves, and hands every other line unchanged to the
/// SDK's <see cref="StreamServerTransport"/> through a pipe. That transport keeps owning stdout, so the guard's
/// replies go through its send lock and never interleave with the server's own.
/// </summary>
internal sealed partial class GuardedStdioTransport : ITransport
{
    /// <summary>The longest line read: far above any request a client sends this server (a few KiB at most).</summary>
    public const int MaxLineBytes = 1024 * 1024;

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly Stream _input;
    private readonly Pipe _accepted = new();
    private readonly StreamServerTransport _inner;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private readonly Task _pump;

    public GuardedStdioTransport(Stream input, Stream output, string serverName, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _input = input;
        _logger = loggerFactory.CreateLogger<GuardedStdioTransport>();
        _inner = new StreamServerTransport(_accepted.Reader.AsStream(), output, serverName, loggerFactory);
        _pump = Task.Run(() => PumpAsync(_stop.Token));
    }

    public string? SessionId => _inner.SessionId;

    public ChannelReader<JsonRpcMessage> MessageReader => _inner.MessageReader;

    public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) =>
        _inner.SendMessageAsync(message, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The pump ends by cancellation when the host stops before stdin closes.
        }

        await _inner.DisposeAsync().ConfigureAwait(false);
        await _input.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var line = new ArrayBufferWriter<byte>();
        var discarding = false;
        try
        {
            while (true)
            {
                // Console streams ignore cancellation tokens; WaitAsync lets a stopping host leave a blocked read.
                var read = await _input.ReadAsync(buffer, cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                var chunk = buffer.AsMemory(0, read);
                while (!chunk.IsEmpty)
                {
                    var end = chunk.Span.IndexOf((byte)'\n');
                    var part = end < 0 ? chunk : chunk[..end];
                    if (!discarding && line.WrittenCount + part.Length > MaxLineBytes)
                    {
                        // The rest of this line is skipped unread, so a client cannot make the server buffer without bound.
                        discarding = true;
                        line.ResetWrittenCount();
                        await RejectAsync(JsonRpcLineCheck.TooLong(MaxLineBytes), cancellationToken).ConfigureAwait(false);
                    }

                    if (!discarding)
                    {
                        line.Write(part.Span);
                    }

                    if (end < 0)
                    {
                        break;
                    }

                    chunk = chunk[(end + 1)..];
                    if (!discarding)
                    {
                        await HandleLineAsync(line.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    }

                    discarding = false;
                    line.ResetWrittenCount();
                }
            }

            if (!discarding && line.WrittenCount > 0)
            {
                await HandleLineAsync(line.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // End of stdin ends the SDK's reader too, and with it the session, as with the plain stdio transport.
            await _accepted.Writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleLineAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        var content = line.Span.Trim(" \t\r"u8);
        if (content.IsEmpty)
        {
            return;
        }

        if (JsonRpcLineCheck.FindError(content) is { } error)
        {
            await RejectAsync(error, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _accepted.Writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        await _accepted.Writer.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
    }

    private async Task RejectAsync(JsonRpcError error, CancellationToken cancellationToken)
    {
        LogRejected(error.Error.Message);
        try
        {
            await _inner.SendMessageAsync(error, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // stdout is gone: the client left; the end of stdin will end the session.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered a line from the client that is not a JSON-RPC message: {Reason}")]
    private partial void LogRejected(string reason);
}
