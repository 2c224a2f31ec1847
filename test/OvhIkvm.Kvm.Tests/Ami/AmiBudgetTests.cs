using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Aspeed;
using OvhIkvm.Kvm.Ami.Ivtp;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>
/// IVTP packet and frame buffers against simulated BMCs over real WebSockets: they are reserved in the decode budget
/// with the screen, concurrent captures of maximal packets queue within it and give it all back, and a capture
/// that cannot get its share says so.
/// </summary>
public sealed class AmiBudgetTests
{
    private const int MaxPacket = VideoLimits.DefaultMaxCompressedBytes;

    private static readonly long Screen = AspeedDecoder.MemoryFor(1024, 768, mode420: false);

    /// <summary>
    /// The most one capture holds: its packet buffer while it doubles (old and new size at once, capped by the packet
    /// plus one 64 KiB receive), its screen and one small frame.
    /// </summary>
    private static readonly long OneCapture = (3L * (IvtpPacket.HeaderSize + MaxPacket + (64 * 1024)) / 2) + Screen + (1L << 20);

    [Fact]
    public async Task Concurrent_captures_of_maximal_packets_queue_within_the_budget_and_give_it_back()
    {
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var budget = new DecodeMemoryBudget(TimeProvider.System, capacity: 24L << 20);
        var decoders = new AspeedVideoFrameDecoderFactory(FrameLimits.Default, budget);
        await using var first = await MaximalPacketBmcAsync();
        await using var second = await MaximalPacketBmcAsync();
        await using var third = await MaximalPacketBmcAsync();

        var frames = await Task.WhenAll(
            AmiTestHost.CaptureViaViewerAsync(first, decoders, cancellation),
            AmiTestHost.CaptureViaViewerAsync(second, decoders, cancellation),
            AmiTestHost.CaptureViaViewerAsync(third, decoders, cancellation));

        Assert.All(frames, frame => Assert.Equal((1024, 768), (frame.Width, frame.Height)));

        // The packet buffer is counted with the screen; unqueued, three captures would hold three of each.
        Assert.InRange(budget.HighWater, MaxPacket + Screen, budget.Capacity + OneCapture);
        Assert.True(budget.HighWater < 3 * (MaxPacket + Screen), $"High-water mark {budget.HighWater}: the captures did not queue.");
        Assert.Equal(0, budget.Reserved);
    }

    [Fact]
    public async Task A_capture_whose_deadline_passes_while_waiting_for_memory_says_so()
    {
        var options = AmiTestHost.FastOptions();
        options.CaptureTimeout = TimeSpan.FromSeconds(2);
        var budget = new DecodeMemoryBudget(TimeProvider.System, capacity: 8L << 20);
        await using var bmc = await AmiTestHost.StartAsync();

        using (await budget.ReserveAsync(8L << 20, TestContext.Current.CancellationToken))
        {
            var error = await AmiMemoryTests.CaptureFailsAsync(bmc, new AspeedVideoFrameDecoderFactory(FrameLimits.Default, budget), options);

            Assert.EndsWith(
                " within 2 s: the capture timed out waiting for decoding memory (other captures hold 8 MiB of the 8 MiB budget); try again when they finish.",
                error.Message,
                StringComparison.Ordinal);
            Assert.StartsWith("No complete screen arrived from ", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("://", error.Message, StringComparison.Ordinal);

            // The deadline's callbacks may still be running on the timer thread: the wait ends, and nothing stays reserved.
            await AmiTestHost.WaitUntilAsync(() => budget.Waiting == 0);
            Assert.Equal(8L << 20, budget.Reserved);
        }

        await AmiTestHost.WaitUntilAsync(() => budget.Reserved == 0);
    }

    private static async Task<BmcSimulator> MaximalPacketBmcAsync()
    {
        var bmc = await AmiTestHost.StartAsync(screens: new BmcScreenSequence(BmcScreen.SolidVq(1024, 768)));
        bmc.Faults.SingleVideoPacketBytes = MaxPacket;
        return bmc;
    }
}
