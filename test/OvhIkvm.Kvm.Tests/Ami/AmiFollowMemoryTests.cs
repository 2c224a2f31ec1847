using OvhIkvm.Consoles;
using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Aspeed;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Simulators.Aspeed;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>A hostile BMC that sends frames without pause while a caller follows the screen of a held session.</summary>
[Collection(nameof(AllocationMeasured))]
public sealed class AmiFollowMemoryTests
{
    private const int Width = 640;
    private const int Height = 480;

    [Fact]
    public async Task A_bmc_flooding_frames_costs_the_decoder_screen_and_the_frames_handed_out_nothing_more()
    {
        const int Calls = 20;
        var encoding = new AspeedEncoderOptions(TableSelector: 11, AdvanceTableSelector: 11, UseVq: true);
        var screens = new[] { 5, 6, 7 }
            .Select(seed => new BmcScreen(Width, Height, Mode420: false, 11, AspeedEncoder.Encode(SyntheticScreens.Console(Width, Height, seed), encoding)) { AdvanceTableSelector = 11 })
            .ToArray();
        await using var bmc = await AmiTestHost.StartAsync(screens: new EndlessChanges(screens));
        var budget = new DecodeMemoryBudget(TimeProvider.System);
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var session = await AmiTestHost.Factory(new AspeedVideoFrameDecoderFactory(FrameLimits.Default, budget), AmiTestHost.FastOptions())
            .OpenAsync(new ViewerPageEndpoint(new Secret(bmc.ViewerUrlFor().ToString())), null, cancellation);
        await using (session)
        {
            var previous = await session.NextFrameAsync(TimeSpan.FromSeconds(1), cancellation);
            var retainedBefore = GC.GetTotalMemory(forceFullCollection: true);
            var screen = AspeedDecoder.MemoryFor(Width, Height, mode420: false);
            var largestFrame = screens.Max(s => s.Bitstream.Length);
            for (var i = 0; i < Calls; i++)
            {
                var frame = await session.NextFrameAsync(TimeSpan.FromSeconds(5), cancellation);
                Assert.False(frame.ContentEquals(previous), "each call returns the next change");
                // The screen, and the buffers of the packet and frame the loop is receiving meanwhile (each, while it
                // doubles, holds its old and new size): never a second screen, never a frame per call.
                Assert.InRange(budget.Reserved, screen, screen + (2 * 256 * 1024) + (2L * largestFrame));
                previous = frame;
            }

            var retained = GC.GetTotalMemory(forceFullCollection: true) - retainedBefore;
            var frameBytes = (long)Width * Height * Frame.BytesPerPixel;
            // The last frame handed out, plus what the simulated BMC, in this same process, has in flight: 20 calls that
            // each kept a frame would retain 20.
            Assert.True(retained < 3 * frameBytes, $"{retained} bytes retained after {Calls} calls under a flood");
            Assert.Equal(1, bmc.KvmConnections);
        }
    }

    /// <summary>
    /// Cycles through the screens as fast as the socket takes them: every frame is a change. Three, not two: a caller
    /// that samples the screen in lockstep with the decoder every second frame would see one screen of two forever.
    /// </summary>
    private sealed class EndlessChanges(BmcScreen[] screens) : IChangingBmcScreenSource
    {
        private int _next;

        public BmcScreen NextFrame() => screens[Interlocked.Increment(ref _next) % screens.Length];

        public Task WaitForChangeAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
