using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace OvhIkvm.Benchmarks.Memory;

/// <summary>
/// A loopback VNC server that costs almost nothing on the wire and as much as it can on the client: RFB 3.8,
/// security None, a screen of the size asked, then one update (a Tight fill of the whole screen, or a ZRLE
/// rectangle that announces many bytes and sends a few before hanging up). Serves every connection the same way.
/// </summary>
internal sealed class HostileVncServer : IAsyncDisposable
{
    private static readonly byte[] Rgbx32 = [32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 0, 8, 16, 0, 0, 0];

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly int _width;
    private readonly int _height;
    private readonly uint? _zrleAnnounced;

    private HostileVncServer(int width, int height, uint? zrleAnnounced)
    {
        _width = width;
        _height = height;
        _zrleAnnounced = zrleAnnounced;
        _listener.Start();
        _accepting = AcceptAsync(_stop.Token);
    }

    public Uri Address => new($"vnc://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>The whole screen painted by one 5-byte Tight fill rectangle.</summary>
    public static HostileVncServer TightFill(int width, int height) => new(width, height, null);

    /// <summary>A ZRLE rectangle over the whole screen announcing <paramref name="announced"/> bytes; 1 KiB follows, then the connection closes.</summary>
    public static HostileVncServer ZrleAnnouncing(int width, int height, uint announced) => new(width, height, announced);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped while accepting.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var scratch = new byte[64];
                await stream.WriteAsync("RFB 003.008\n"u8.ToArray(), cancellationToken);
                await stream.ReadExactlyAsync(scratch.AsMemory(0, 12), cancellationToken);
                await stream.WriteAsync(new byte[] { 1, 1 }, cancellationToken);
                await stream.ReadExactlyAsync(scratch.AsMemory(0, 1), cancellationToken);
                await stream.WriteAsync(new byte[4], cancellationToken);
                await stream.ReadExactlyAsync(scratch.AsMemory(0, 1), cancellationToken);
                await stream.WriteAsync((byte[])[.. U16(_width), .. U16(_height), .. Rgbx32, 0, 0, 0, 4, .. "evil"u8], cancellationToken);

                // The update goes out before the request arrives: the client reads it after asking.
                byte[] update = [0, 0, .. U16(1), .. U16(0), .. U16(0), .. U16(_width), .. U16(_height)];
                if (_zrleAnnounced is { } announced)
                {
                    await stream.WriteAsync((byte[])[.. update, .. S32(16), .. S32((int)announced), .. new byte[1024]], cancellationToken);
                    return;
                }

                await stream.WriteAsync((byte[])[.. update, .. S32(7), 0x80, 0x20, 0x40, 0x60], cancellationToken);

                // Keep the connection until the client hangs up, swallowing its requests.
                while (await stream.ReadAsync(scratch, cancellationToken) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // The client hung up or the run ended.
            }
        }
    }

    private static byte[] U16(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }

    private static byte[] S32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
