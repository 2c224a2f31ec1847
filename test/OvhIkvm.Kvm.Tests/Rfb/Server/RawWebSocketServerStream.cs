using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace OvhIkvm.Kvm.Tests.Rfb.Server;

/// <summary>
/// The server end of a WebSocket (RFC 6455) written by hand over a raw TCP stream, so that a scripted server speaks
/// RFB over WebSocket as websockify does, and can break the rules a platform server would never break (masked
/// server frames). Each write is one binary frame; reads unmask the client's frames and return their payload.
/// </summary>
internal sealed partial class RawWebSocketServerStream(Stream inner, bool maskServerFrames) : Stream
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private byte[] _pending = [];
    private int _pendingOffset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Reads the client's upgrade request and switches protocols, choosing the <c>binary</c> subprotocol.</summary>
    public static async Task<RawWebSocketServerStream> AcceptAsync(Stream inner, bool maskServerFrames, CancellationToken cancellationToken)
    {
        var request = new List<byte>();
        var one = new byte[1];
        while (request.Count < 4 || !(request[^4] == '\r' && request[^3] == '\n' && request[^2] == '\r' && request[^1] == '\n'))
        {
            await inner.ReadExactlyAsync(one, cancellationToken);
            request.Add(one[0]);
        }

        var key = KeyHeader().Match(Encoding.ASCII.GetString([.. request])).Groups[1].Value;
#pragma warning disable CA5350 // RFC 6455 defines Sec-WebSocket-Accept with SHA-1; it is a handshake check, not security.
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
#pragma warning restore CA5350
        var response = $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Protocol: binary\r\n\r\n";
        await inner.WriteAsync(Encoding.ASCII.GetBytes(response), cancellationToken);
        return new RawWebSocketServerStream(inner, maskServerFrames);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_pendingOffset == _pending.Length)
        {
            var header = new byte[2];
            await inner.ReadExactlyAsync(header, cancellationToken);
            long length = header[1] & 0x7F;
            if (length == 126)
            {
                var extended = new byte[2];
                await inner.ReadExactlyAsync(extended, cancellationToken);
                length = BinaryPrimitives.ReadUInt16BigEndian(extended);
            }
            else if (length == 127)
            {
                var extended = new byte[8];
                await inner.ReadExactlyAsync(extended, cancellationToken);
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
            }

            var mask = new byte[4];
            if ((header[1] & 0x80) != 0)
            {
                await inner.ReadExactlyAsync(mask, cancellationToken);
            }

            var payload = new byte[length];
            await inner.ReadExactlyAsync(payload, cancellationToken);
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= mask[i % 4];
            }

            if ((header[0] & 0x0F) == 0x8)
            {
                return 0;
            }

            (_pending, _pendingOffset) = (payload, 0);
        }

        var count = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
        _pending.AsMemory(_pendingOffset, count).CopyTo(buffer);
        _pendingOffset += count;
        return count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var frame = new List<byte> { 0x82 };
        var maskBit = maskServerFrames ? (byte)0x80 : (byte)0;
        if (buffer.Length < 126)
        {
            frame.Add((byte)(maskBit | buffer.Length));
        }
        else
        {
            frame.Add((byte)(maskBit | 126));
            frame.AddRange([(byte)(buffer.Length >> 8), (byte)buffer.Length]);
        }

        byte[] mask = [0x11, 0x22, 0x33, 0x44];
        if (maskServerFrames)
        {
            frame.AddRange(mask);
        }

        var payload = buffer.ToArray();
        for (var i = 0; maskServerFrames && i < payload.Length; i++)
        {
            payload[i] ^= mask[i % 4];
        }

        frame.AddRange(payload);
        await inner.WriteAsync(frame.ToArray(), cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [GeneratedRegex(@"Sec-WebSocket-Key:\s*(\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex KeyHeader();
}
