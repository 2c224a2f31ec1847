using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>
/// What a hostile BMC can make the client allocate, against the simulated BMC over a real WebSocket: announced
/// sizes never allocate ahead of the bytes, and screens beyond the frame limit are refused before decoding.
/// </summary>
[Collection(nameof(AllocationMeasured))]
public sealed class AmiMemoryTests
{
    [Fact]
    public async Task A_frame_announcing_the_largest_CompressSize_allocates_only_what_arrives()
    {
        // 1920x1080 lets a header announce 8 bytes a pixel (16.6 MB); 28 KB of real data follow, then the BMC hangs up.
        await using var bmc = await AmiTestHost.StartAsync(screens: new BmcScreenSequence(BmcScreen.SolidVq(1920, 1080)));
        bmc.Faults.MaximalCompressSize = true;

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await CaptureFailsAsync(bmc, new RecordingDecoder(), AmiTestHost.FastOptions());
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Contains("closed the KVM connection before sending a complete screen", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 8L << 20, $"A frame announcing 16.6 MB and sending 28 KB allocated {allocated} bytes.");
    }

    [Fact]
    public async Task A_screen_beyond_the_default_limit_is_refused_before_decoding()
    {
        await using var bmc = await AmiTestHost.StartAsync(screens: new BmcScreenSequence(BmcScreen.SolidVq(8192, 8192)));
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var error = await CaptureFailsAsync(bmc, new AspeedVideoFrameDecoderFactory(FrameLimits.Default, new DecodeMemoryBudget(TimeProvider.System)), AmiTestHost.FastOptions());
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Contains("8192x8192 screen, outside 1x1 to 4096x2160", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64L << 20, $"Refusing a 0.9 MB frame of an 8192x8192 screen allocated {allocated} bytes.");
    }

    internal static async Task<ConsoleException> CaptureFailsAsync(BmcSimulator bmc, IVideoFrameDecoderFactory decoders, Kvm.Ami.AmiSessionOptions options)
    {
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var session = await AmiTestHost.Factory(decoders, options).OpenAsync(new ViewerPageEndpoint(new Secret(bmc.ViewerUrlFor().ToString())), null, cancellation);
        await using (session)
        {
            return await Assert.ThrowsAnyAsync<ConsoleException>(() => session.CaptureFrameAsync(cancellation));
        }
    }
}
