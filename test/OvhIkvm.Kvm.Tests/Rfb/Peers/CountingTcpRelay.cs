using System.Net;
using System.Net.Sockets;

namespace OvhIkvm.Kvm.Tests.Rfb.Peers;

/// <summary>
/// A loopback TCP relay in front of a real VNC server that counts the connections made through it, so a test can
/// prove that following a screen used one connection, whatever the server, and how many bytes the server sent.
/// </summary>
internal sealed class CountingTcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pipes = [];
    private readonly int _targetPort;
    private readonly Task _accepting;
    private int _connections;
    private long _serverBytes;

    private CountingTcpRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync(_stop.Token);
    }

    public Uri Address => new($"vnc://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Bytes relayed from the server to the client so far.</summary>
    public long ServerBytes => Interlocked.Read(ref _serverBytes);

    public static CountingTcpRelay Start(int targetPort) => new(targetPort);

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(cancellationToken);
                Interlocked.Increment(ref _connections);
                lock (_pipes)
                {
                    _pipes.Add(RelayAsync(client, cancellationToken));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, cancellationToken);
                await using var fromClient = client.GetStream();
                await using var fromServer = server.GetStream();
                await Task.WhenAny(fromClient.CopyToAsync(fromServer, cancellationToken), CopyCountingAsync(fromServer, fromClient, cancellationToken));
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
                // One side hung up.
            }
        }
    }

    private async Task CopyCountingAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            Interlocked.Add(ref _serverBytes, read);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] pipes;
        lock (_pipes)
        {
            pipes = [.. _pipes];
        }

        await Task.WhenAll(pipes);
        _stop.Dispose();
    }
}
