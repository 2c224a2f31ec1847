using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Kvm.Tests.Rfb.Server;
using OvhIkvm.Testing;
using static OvhIkvm.Kvm.Tests.Rfb.Server.RfbServerSide;

namespace OvhIkvm.Kvm.Tests.Rfb;

/// <summary>
/// The RFB time limits run on the injected clock. A real server on loopback holds its answer while the test moves
/// fake time: an answer sent one tick before the limit still counts, and at the limit the step fails with its
/// sentence. The limits are many minutes long, so a limit left on the system clock would neither fire here nor let
/// the test finish within its own bound.
/// </summary>
public sealed class RfbTimeoutTests
{
    private static readonly RfbOptions SlowLimits = new()
    {
        ConnectTimeout = TimeSpan.FromMinutes(10),
        HandshakeTimeout = TimeSpan.FromMinutes(20),
        CaptureTimeout = TimeSpan.FromMinutes(30),
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_capture_limit_fires_exactly_when_fake_time_reaches_it(bool reachLimit)
    {
        var cancellationToken = TestTimeouts.Within(TestTimeouts.Network);
        var time = new WatchedFakeTime();
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = ScriptedRfbServer.Start(async (side, ct) =>
        {
            await side.HandshakeAsync(2, 2, Rgbx32, ct);
            await answer.Task.WaitAsync(ct);
            await side.SendAsync([.. Update(1), .. Rect(0, 0, 2, 2, 0), .. new byte[2 * 2 * 4]], ct);
            await side.ReadAsync(1, ct);
        });
        await using var session = await Connector(time).OpenAsync(new VncEndpoint(server.Address, null), null, cancellationToken);

        var capture = session.CaptureFrameAsync(cancellationToken);
        await time.WaitForTimerAsync(SlowLimits.CaptureTimeout, cancellationToken);
        time.Advance(reachLimit ? SlowLimits.CaptureTimeout : SlowLimits.CaptureTimeout - TimeSpan.FromTicks(1));
        answer.SetResult();

        if (reachLimit)
        {
            var error = await Assert.ThrowsAsync<RfbProtocolException>(() => capture.WaitAsync(cancellationToken));
            Assert.Equal($"The VNC server at vnc://127.0.0.1:{server.Address.Port} did not send a complete screen within 1800 s.", error.Message);
        }
        else
        {
            var frame = await capture.WaitAsync(cancellationToken);
            Assert.Equal((2, 2), (frame.Width, frame.Height));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_handshake_limit_fires_exactly_when_fake_time_reaches_it(bool reachLimit)
    {
        var cancellationToken = TestTimeouts.Within(TestTimeouts.Network);
        var time = new WatchedFakeTime();
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = ScriptedRfbServer.Start(async (side, ct) =>
        {
            await answer.Task.WaitAsync(ct);
            await side.HandshakeAsync(2, 2, Rgbx32, ct);
            await side.ReadAsync(1, ct);
        });

        var opening = Connector(time).OpenAsync(new VncEndpoint(server.Address, null), null, cancellationToken);
        await time.WaitForTimerAsync(SlowLimits.HandshakeTimeout, cancellationToken);
        time.Advance(reachLimit ? SlowLimits.HandshakeTimeout : SlowLimits.HandshakeTimeout - TimeSpan.FromTicks(1));
        answer.SetResult();

        if (reachLimit)
        {
            var error = await Assert.ThrowsAsync<RfbProtocolException>(() => opening.WaitAsync(cancellationToken));
            Assert.Equal($"The VNC server at vnc://127.0.0.1:{server.Address.Port} did not complete the RFB handshake within 1200 s.", error.Message);
        }
        else
        {
            await using var session = await opening.WaitAsync(cancellationToken);
        }
    }

    private static RfbSessionConnector Connector(TimeProvider time) =>
        new(SlowLimits, new TestOutputLogger<RfbSession>(), time, new DecodeMemoryBudget(time));
}
