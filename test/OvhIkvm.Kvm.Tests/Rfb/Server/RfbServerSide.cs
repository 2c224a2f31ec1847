using System.Buffers.Binary;
using System.Text;

namespace OvhIkvm.Kvm.Tests.Rfb.Server;

/// <summary>The server end of one RFB connection: byte-exact writers for server messages and readers for client ones.</summary>
internal sealed class RfbServerSide(Stream stream)
{
    /// <summary>32-bit little-endian true colour, R at shift 0: the format the client asks for, so it sends no SetPixelFormat.</summary>
    public static readonly byte[] Rgbx32 = [32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 0, 8, 16, 0, 0, 0];

    public Stream Stream => stream;

    public Task SendAsync(byte[] bytes, CancellationToken cancellationToken) => stream.WriteAsync(bytes, cancellationToken).AsTask();

    public async Task<byte[]> ReadAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    /// <summary>Reads and drops whatever the client sends until it hangs up.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }
        catch (IOException)
        {
            // The client hung up hard.
        }
    }

    /// <summary>Sends the version greeting and returns the client's reply.</summary>
    public async Task<string> GreetAsync(string version, CancellationToken cancellationToken)
    {
        await SendAsync(Encoding.ASCII.GetBytes($"RFB {version}\n"), cancellationToken);
        return Encoding.ASCII.GetString(await ReadAsync(12, cancellationToken));
    }

    /// <summary>Reads the ClientInit shared flag and sends ServerInit.</summary>
    public async Task InitAsync(int width, int height, byte[] pixelFormat, CancellationToken cancellationToken, string name = "scripted")
    {
        await ReadAsync(1, cancellationToken);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        await SendAsync([.. U16(width), .. U16(height), .. pixelFormat, .. U32((uint)nameBytes.Length), .. nameBytes], cancellationToken);
    }

    /// <summary>Consumes client messages until a FramebufferUpdateRequest; returns whether it was incremental.</summary>
    public async Task<bool> WaitForUpdateRequestAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var type = (await ReadAsync(1, cancellationToken))[0];
            if (type == 3)
            {
                return (await ReadAsync(9, cancellationToken))[0] != 0;
            }

            Assert.True(await TrySkipSetUpAsync(type, cancellationToken), $"The client sent message type {type}.");
        }
    }

    /// <summary>
    /// Records the client's KeyEvents (RFC 6143 section 7.5.4) until it hangs up, skipping its set-up messages and update requests; any
    /// other message (a QEMU Extended Key Event among them) fails the test.
    /// </summary>
    public async Task<List<(bool Down, uint Keysym)>> RecordKeyEventsUntilClosedAsync(CancellationToken cancellationToken)
    {
        var events = await RecordKeysUntilClosedAsync(cancellationToken);
        Assert.All(events, e => Assert.Equal(0u, e.Scancode));
        return [.. events.Select(e => (e.Down, e.Keysym))];
    }

    /// <summary>
    /// Records KeyEvents (scan code 0) and QEMU Extended Key Events (client message 255, subtype 0: down flag, keysym,
    /// XT scan code) until the client hangs up, skipping set-up messages and update requests.
    /// </summary>
    public async Task<List<(bool Down, uint Keysym, uint Scancode)>> RecordKeysUntilClosedAsync(CancellationToken cancellationToken)
    {
        var events = new List<(bool Down, uint Keysym, uint Scancode)>();
        var type = new byte[1];
        while (await stream.ReadAsync(type, cancellationToken) == 1)
        {
            switch (type[0])
            {
                case 3:
                    await ReadAsync(9, cancellationToken);
                    break;
                case 4:
                    var body = await ReadAsync(7, cancellationToken);
                    Assert.True(body[1] == 0 && body[2] == 0, "KeyEvent padding must be zero.");
                    events.Add((body[0] != 0, BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(3)), 0));
                    break;
                case 255:
                    var extended = await ReadAsync(11, cancellationToken);
                    Assert.Equal(0, extended[0]);
                    var down = BinaryPrimitives.ReadUInt16BigEndian(extended.AsSpan(1));
                    Assert.True(down is 0 or 1, $"down-flag {down}");
                    events.Add((down == 1, BinaryPrimitives.ReadUInt32BigEndian(extended.AsSpan(3)), BinaryPrimitives.ReadUInt32BigEndian(extended.AsSpan(7))));
                    break;
                default:
                    Assert.True(await TrySkipSetUpAsync(type[0], cancellationToken), $"The client sent message type {type[0]} while typing.");
                    break;
            }
        }

        return events;
    }

    /// <summary>A complete handshake: version 3.8, security None, ServerInit; then waits for the first update request.</summary>
    public async Task HandshakeAsync(int width, int height, byte[] pixelFormat, CancellationToken cancellationToken)
    {
        await AcceptAsync(width, height, pixelFormat, cancellationToken);
        await WaitForUpdateRequestAsync(cancellationToken);
    }

    /// <summary>Version 3.8, security None, ServerInit: the session is open, and the client has asked for nothing yet.</summary>
    public async Task AcceptAsync(int width, int height, byte[] pixelFormat, CancellationToken cancellationToken)
    {
        await GreetAsync("003.008", cancellationToken);
        await SendAsync([1, 1], cancellationToken);
        await ReadAsync(1, cancellationToken);
        await SendAsync(U32(0), cancellationToken);
        await InitAsync(width, height, pixelFormat, cancellationToken);
    }

    /// <summary>Reads the rest of a SetPixelFormat (0) or SetEncodings (2); false for any other message type.</summary>
    private async Task<bool> TrySkipSetUpAsync(byte type, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case 0:
                await ReadAsync(19, cancellationToken);
                return true;
            case 2:
                var header = await ReadAsync(3, cancellationToken);
                await ReadAsync(4 * BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(1)), cancellationToken);
                return true;
            default:
                return false;
        }
    }

    public static byte[] U16(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }

    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] Reason(string text) => [.. U32((uint)Encoding.UTF8.GetByteCount(text)), .. Encoding.UTF8.GetBytes(text)];

    /// <summary>FramebufferUpdate header with the rectangle count.</summary>
    public static byte[] Update(int rectangles) => [0, 0, .. U16(rectangles)];

    public static byte[] Rect(int x, int y, int width, int height, int encoding)
    {
        var bytes = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)x);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)y);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), (ushort)width);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6), (ushort)height);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), encoding);
        return bytes;
    }
}
