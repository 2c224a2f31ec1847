using System.Diagnostics;
using OvhIkvm.Consoles;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Kvm.Tests.Rfb.Peers;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Rfb;

/// <summary>
/// Following a real VNC server's changing screen on one connection: QEMU booting a Linux kernel, TigerVNC's Xvnc
/// mapping a window. A relay in front of each server counts the TCP connections and the bytes the server sent.
/// </summary>
[Trait("Category", ExternalProgram.Category)]
public sealed class RfbFollowPeerTests
{
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Qemu_booting_a_kernel_is_followed_change_after_change_on_one_connection()
    {
        var kernel = TestKernel.Require();
        var cancellation = TestTimeouts.Within(PeerTimeout);
        await using var qemu = await QemuPeer.StartAsync(cancellation, kernel);
        await using var relay = CountingTcpRelay.Start(qemu.Machine.Port);
        var session = await OpenAsync(relay.Address, null, cancellation);
        await using (session)
        {
            var previous = await session.NextFrameAsync(MaxWait, cancellation);
            for (var i = 0; i < 5; i++)
            {
                var clock = Stopwatch.StartNew();
                var frame = await session.NextFrameAsync(MaxWait, cancellation);

                // The console changes every moment while the kernel boots, so no step may wait maxWait for nothing. QEMU
                // may also repaint a region with the same pixels: that update ends a call, and the next one brings the change.
                while (frame.ContentEquals(previous))
                {
                    Assert.True(clock.Elapsed < MaxWait, $"step {i + 1} saw no change in {clock.Elapsed.TotalSeconds:0.0} s");
                    frame = await session.NextFrameAsync(MaxWait - clock.Elapsed, cancellation);
                }

                previous = frame;
            }
        }

        Assert.Equal(1, relay.Connections);
    }

    [Fact]
    public async Task Xvnc_mapping_a_window_is_seen_through_incremental_updates_on_one_connection()
    {
        var cancellation = TestTimeouts.Within(PeerTimeout);
        await using var xvnc = await XvncPeer.StartAsync(24, cancellation);
        await using var relay = CountingTcpRelay.Start(xvnc.Port);
        var session = await OpenAsync(relay.Address, new Secret(XvncPeer.Password), cancellation);
        await using (session)
        {
            var first = await session.NextFrameAsync(MaxWait, cancellation);
            var fullScreenBytes = (long)first.Width * first.Height * Frame.BytesPerPixel;
            var before = relay.ServerBytes;

            await xvnc.ShowGradientAsync(cancellation);
            var (frame, oracle) = (first, first);
            var calls = 0;
            for (; calls < 10 && (frame.ContentEquals(first) || !frame.ContentEquals(oracle)); calls++)
            {
                frame = await session.NextFrameAsync(MaxWait, cancellation);
                oracle = await xvnc.ScreenAsync(cancellation);
            }

            ImageComparison.AssertIdentical(oracle, frame);
            Assert.False(frame.ContentEquals(first), "the window was seen");

            // Raw pixels, yet less than a full screen per call: only changed rectangles travelled. (Xvnc may paint the
            // 200x200 window more than once while it maps, so one call's worth is not a bound.)
            var sent = relay.ServerBytes - before;
            Assert.True(sent < calls * fullScreenBytes, $"{sent} bytes for the change over {calls} calls, a full screen is {fullScreenBytes}");
        }

        Assert.Equal(1, relay.Connections);
    }

    private static Task<IKvmSession> OpenAsync(Uri address, Secret? password, CancellationToken cancellation)
    {
        var connector = new RfbSessionConnector(PeerCapture.OptionsFor(RfbEncoding.Raw), new TestOutputLogger<RfbSession>(), TimeProvider.System, new DecodeMemoryBudget(TimeProvider.System));
        return connector.OpenAsync(new VncEndpoint(address, password), null, cancellation);
    }
}
