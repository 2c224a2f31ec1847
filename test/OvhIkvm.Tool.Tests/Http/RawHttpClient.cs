using System.Net.Sockets;
using System.Text;

namespace OvhIkvm.Tool.Tests.Http;

/// <summary>
/// Sends a request exactly as written, over a plain socket: HttpClient normalises request targets (percent-escapes,
/// dot segments), and a hostile client would not.
/// </summary>
internal static class RawHttpClient
{
    private const int MaxResponseBytes = 256 * 1024;

    public static async Task<RawHttpResponse> SendAsync(Uri server, string requestHead, string body, CancellationToken cancellationToken, string? host = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = client.GetStream();
        var head = requestHead.TrimEnd('\r', '\n').Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        var message = $"{head}\r\nHost: {host ?? server.Authority}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(message), cancellationToken);

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0 && received.Length < MaxResponseBytes)
        {
            received.Write(buffer, 0, read);
        }

        return RawHttpResponse.Parse(Encoding.UTF8.GetString(received.ToArray()));
    }
}
