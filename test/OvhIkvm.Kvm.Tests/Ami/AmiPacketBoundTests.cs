using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>
/// A packet is buffered whole, so its bound is what one packet can cost: beyond it, the packet is refused as soon as
/// its header arrives; within it, even a packet of mostly padding decodes. (Not in <see cref="AllocationMeasured"/>:
/// the simulator itself allocates the huge packets.)
/// </summary>
public sealed class AmiPacketBoundTests
{
    [Fact]
    public async Task A_video_packet_beyond_the_bound_is_refused_when_its_header_arrives()
    {
        await using var bmc = await AmiTestHost.StartAsync(screens: new BmcScreenSequence(BmcScreen.SolidVq(1024, 768)));
        bmc.Faults.SingleVideoPacketBytes = 64 << 20;

        var error = await AmiMemoryTests.CaptureFailsAsync(bmc, new RecordingDecoder(), AmiTestHost.FastOptions());

        Assert.Contains($"announced an IVTP packet of {64 << 20} bytes, more than the {8 + 86 + VideoLimits.DefaultMaxCompressedBytes} allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_video_packet_within_the_bound_still_decodes()
    {
        await using var bmc = await AmiTestHost.StartAsync(screens: new BmcScreenSequence(BmcScreen.SolidVq(1024, 768)));
        bmc.Faults.SingleVideoPacketBytes = VideoLimits.DefaultMaxCompressedBytes;
        var budget = new DecodeMemoryBudget(TimeProvider.System);

        var frame = await AmiTestHost.CaptureViaViewerAsync(bmc, new AspeedVideoFrameDecoderFactory(FrameLimits.Default, budget), TestTimeouts.Within(TestTimeouts.Network));

        Assert.Equal((1024, 768), (frame.Width, frame.Height));
        Assert.All(frame.Pixels.Chunk(4), pixel => Assert.Equal([0, 0, 0, 255], pixel));
        Assert.Equal(0, budget.Reserved);
    }
}
