using System.Net;
using System.Net.Sockets;

namespace OvhIkvm.Testing;

/// <summary>Free loopback ports for peers that cannot be told to pick their own, and a bounded readiness poll.</summary>
public static class LoopbackPorts
{
    public static int FindFree(int minimum = 1024)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (port >= minimum && port < 65000)
            {
                return port;
            }
        }

        throw new InvalidOperationException("No free loopback port was found.");
    }

    /// <summary>Polls until something accepts connections on the port, or the peer dies, or the token fires.</summary>
    public static async Task WaitUntilListeningAsync(int port, PeerProcess peer, CancellationToken cancellationToken)
    {
        while (true)
        {
            Assert.False(peer.HasExited, $"{peer.Name} exited before listening on port {port}: {peer.Errors}");
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet: poll again shortly (the brief's bounded readiness poll).
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
    }
}
