using OvhIkvm.Imaging;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Tests.Rfb.Peers;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Rfb.Server;

/// <summary>Runs our client against a scripted server, with timeouts short enough for fault cases to end quickly.</summary>
internal static class ScriptedCapture
{
    public static RfbOptions QuickOptions { get; } = new() { HandshakeTimeout = TimeSpan.FromSeconds(5), CaptureTimeout = TimeSpan.FromSeconds(5) };

    public static async Task<Frame> CaptureAsync(Func<RfbServerSide, CancellationToken, Task> script, RfbOptions? options = null, Secret? password = null)
    {
        var cancellationToken = TestTimeouts.Within(TestTimeouts.Network);
        await using var server = ScriptedRfbServer.Start(script);
        var frame = await PeerCapture.CaptureAsync(server.Address, password, options ?? QuickOptions, cancellationToken);
        await server.Completion;
        return frame;
    }

    public static async Task<RfbProtocolException> FailsAsync(Func<RfbServerSide, CancellationToken, Task> script, RfbOptions? options = null, Secret? password = null)
    {
        var cancellationToken = TestTimeouts.Within(TestTimeouts.Network);
        await using var server = ScriptedRfbServer.Start(script);
        return await Assert.ThrowsAsync<RfbProtocolException>(() => PeerCapture.CaptureAsync(server.Address, password, options ?? QuickOptions, cancellationToken));
    }
}
