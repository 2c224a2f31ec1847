using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>The factory against a real noVNC viewer served by a real websockify: it must pick RFB, not AMI.</summary>
public sealed class NoVncPageTests
{
    [Theory]
    [Trait("Category", ExternalProgram.Category)]
    [InlineData("vnc.html")]
    [InlineData("vnc_lite.html")]
    public async Task A_novnc_viewer_page_goes_to_the_rfb_client_with_its_websockify_address(string page)
    {
        var websockify = ExternalProgram.Require("websockify");
        ExternalProgram.Require("/usr/share/novnc/vnc.html");
        var port = FreePort();
        using var server = Process.Start(new ProcessStartInfo(websockify, ["--web", "/usr/share/novnc", $"127.0.0.1:{port}", "127.0.0.1:1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var cancellation = TestTimeouts.Within(TestTimeouts.Network);
            await WaitForListenerAsync(port, cancellation);
            var rfb = new RecordingRfbOpener();
            var factory = new KvmSessionFactory(AmiTestHost.Opener(new RecordingDecoder()), rfb, NullLogger<KvmSessionFactory>.Instance);

            var error = await Assert.ThrowsAsync<ConsoleException>(() =>
                factory.OpenAsync(new ViewerPageEndpoint(new Secret($"http://127.0.0.1:{port}/{page}?path=websockify&password=pw")), null, cancellation));

            Assert.Equal(RecordingRfbOpener.Message, error.Message);
            Assert.Equal(new Uri($"ws://127.0.0.1:{port}/websockify"), rfb.Endpoint!.Address);
            Assert.Equal("pw", rfb.Endpoint.Password!.Reveal());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until websockify accepts connections (it prints nothing reliable to wait on), bounded by the test timeout.</summary>
    private static async Task WaitForListenerAsync(int port, CancellationToken cancellation)
    {
        while (true)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellation);
                return;
            }
            catch (SocketException)
            {
                await Task.Yield();
            }
        }
    }

    private sealed class RecordingRfbOpener : IRfbSessionOpener
    {
        public const string Message = "recorded by the test";

        public VncEndpoint? Endpoint { get; private set; }

        public Task<IKvmSession> OpenAsync(VncEndpoint endpoint, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
        {
            Endpoint = endpoint;
            throw new ConsoleException(Message);
        }
    }
}
