using System.Globalization;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Rfb.Peers;

/// <summary>websockify (the noVNC project's WebSocket-to-TCP bridge) in front of a TCP VNC server.</summary>
internal sealed class WebsockifyPeer(PeerProcess process, int port) : IAsyncDisposable
{
    public Uri Address { get; } = new($"ws://127.0.0.1:{port}/websockify");

    public static async Task<WebsockifyPeer> StartAsync(int targetPort, CancellationToken cancellationToken)
    {
        var websockify = ExternalProgram.Require("websockify");
        var port = LoopbackPorts.FindFree();
        var process = PeerProcess.Start(websockify, [$"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", $"127.0.0.1:{targetPort.ToString(CultureInfo.InvariantCulture)}"]);
        try
        {
            await LoopbackPorts.WaitUntilListeningAsync(port, process, cancellationToken);
            return new WebsockifyPeer(process, port);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
