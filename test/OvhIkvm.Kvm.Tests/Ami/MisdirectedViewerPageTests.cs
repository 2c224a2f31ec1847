using System.Net;
using System.Net.Sockets;
using System.Text;
using OvhIkvm.Consoles;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>
/// A viewer link whose noVNC page names another host for the console connection: the tool refuses with one sentence
/// and never connects there. The "other host" is <c>localhost</c> in front of a listener on 127.0.0.1, so that a
/// client that obeyed the page would really reach it.
/// </summary>
public sealed class MisdirectedViewerPageTests
{
    [Fact]
    public async Task A_novnc_page_that_sends_the_connection_to_another_host_is_refused_and_that_host_never_hears_from_us()
    {
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        using var elsewhere = new TcpListener(IPAddress.Loopback, 0);
        elsewhere.Start();
        var elsewherePort = ((IPEndPoint)elsewhere.LocalEndpoint).Port;
        using var pageServer = new TcpListener(IPAddress.Loopback, 0);
        pageServer.Start();
        var page = ServeOnePageAsync(pageServer, "<html><head><title>noVNC</title><script src='core/rfb.js'></script></head></html>", cancellation);
        var viewerUrl = $"http://127.0.0.1:{((IPEndPoint)pageServer.LocalEndpoint).Port}/vnc.html?host=localhost&port={elsewherePort}&password=pw";

        var error = await Assert.ThrowsAsync<ConsoleException>(() =>
            AmiTestHost.Factory(new RecordingDecoder()).OpenAsync(new ViewerPageEndpoint(new Secret(viewerUrl)), null, cancellation));
        await page;

        Assert.Equal(
            $"The noVNC viewer page of 127.0.0.1:{((IPEndPoint)pageServer.LocalEndpoint).Port} points its console connection at another host; only the host the page came from is used, so request a console access whose viewer stays on its own host.",
            error.Message);
        Assert.False(elsewhere.Pending(), "the tool connected to the host the page named");
    }

    /// <summary>Answers one HTTP request with <paramref name="html"/>, as a hostile viewer page server would.</summary>
    private static async Task ServeOnePageAsync(TcpListener listener, string html, CancellationToken cancellationToken)
    {
        using var client = await listener.AcceptTcpClientAsync(cancellationToken);
        await using var stream = client.GetStream();
        var request = new byte[8192];
        var received = 0;
        while (!Encoding.ASCII.GetString(request, 0, received).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(request.AsMemory(received), cancellationToken);
            Assert.NotEqual(0, read);
            received += read;
        }

        var body = Encoding.UTF8.GetBytes(html);
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head, cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
    }
}
