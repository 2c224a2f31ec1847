using System.Text;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Rfb.Transport;
using OvhIkvm.Kvm.Tests.Rfb.Peers;
using OvhIkvm.Kvm.Tests.Rfb.Server;
using OvhIkvm.Testing;
using static OvhIkvm.Kvm.Tests.Rfb.Server.RfbServerSide;

namespace OvhIkvm.Kvm.Tests.Rfb;

/// <summary>RFB over a hostile WebSocket peer (hand-written framing over a raw socket): protocol violations and refusals end in one sentence, at once.</summary>
public sealed class RfbWebSocketTransportTests
{
    private const string Reason = "Too many security failures";

    [Fact]
    public async Task A_masked_server_frame_is_one_clear_error()
    {
        var cancellationToken = TestTimeouts.Within(TestTimeouts.Network);
        await using var server = ScriptedRfbServer.StartOverWebSocket(
            (side, ct) => side.GreetAsync("003.008", ct), ScriptedRfbServer.WebSocketFraming.MaskedAgainstTheRules);

        var error = await Assert.ThrowsAsync<RfbProtocolException>(() => PeerCapture.CaptureAsync(server.Address, null, ScriptedCapture.QuickOptions, cancellationToken));

        Assert.StartsWith($"The VNC server at {RfbTransport.Describe(server.Address)} broke the WebSocket protocol", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("websockify", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refusal_arrives_at_once_even_when_the_server_keeps_the_connection_open(bool overWebSocket)
    {
        var cancellationToken = TestTimeouts.Within(TestTimeouts.Network);
        Func<RfbServerSide, CancellationToken, Task> refuseAndHold = async (side, ct) =>
        {
            await side.GreetAsync("003.008", ct);
            var reason = Encoding.ASCII.GetBytes(Reason);
            await side.SendAsync([0, .. U32((uint)reason.Length), .. reason], ct);
            await Task.Delay(Timeout.Infinite, ct);
        };
        await using var server = overWebSocket ? ScriptedRfbServer.StartOverWebSocket(refuseAndHold) : ScriptedRfbServer.Start(refuseAndHold);

        // Fake time that never moves: no limit (handshake, WebSocket close) can expire, so an error that surfaces at
        // all surfaced without waiting for one, and without waiting for the server, which holds the connection open.
        var frozen = new WatchedFakeTime();
        var error = await Assert.ThrowsAsync<RfbProtocolException>(() => PeerCapture.CaptureAsync(server.Address, null, ScriptedCapture.QuickOptions, cancellationToken, frozen));

        Assert.Contains(Reason, error.Message, StringComparison.Ordinal);
    }
}
