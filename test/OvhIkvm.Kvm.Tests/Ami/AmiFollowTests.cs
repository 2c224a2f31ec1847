using System.Diagnostics;
using OvhIkvm.Consoles;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Ami;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Simulators.Aspeed;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>
/// Following a console's screen on one held IVTP session, against the simulated BMC on loopback: its screens change
/// on a schedule driven by fake time, the client runs on real time.
/// </summary>
public sealed class AmiFollowTests
{
    private const int Width = 640;
    private const int Height = 480;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);
    private static readonly AspeedEncoderOptions Encoding = new(TableSelector: 11, AdvanceTableSelector: 11, UseVq: true);

    [Fact]
    public async Task Five_frames_over_a_changing_screen_take_one_token_and_one_websocket_and_see_every_change()
    {
        var time = new WatchedFakeTime();
        var screens = Enumerable.Range(0, 5).Select(seed => SyntheticScreens.Console(Width, Height, seed)).ToArray();
        await using var bmc = await AmiTestHost.StartAsync(screens: Schedule(time, screens));
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var session = await Factory(Options()).OpenAsync(new AmiBmcEndpoint(bmc.BaseUrl, bmc.Options.Username, new Secret(bmc.Options.Password), AllowInsecureHttp: true), null, cancellation);
        await using (session)
        {
            var first = await session.NextFrameAsync(Step, cancellation);
            AssertShows(screens[0], first);
            for (var i = 1; i < screens.Length; i++)
            {
                var next = session.NextFrameAsync(TestTimeouts.Network, cancellation);
                await time.WaitForTimerAsync(Step, cancellation);
                time.Advance(Step);

                AssertShows(screens[i], await next);
            }
        }

        // Goodbye, then the logout of the web session this client opened.
        await AmiTestHost.WaitUntilAsync(() => bmc.EndedKvmConnections == 1 && bmc.Requests.Any(r => r is { Method: "DELETE", Path: "/api/session", StatusCode: 200 }));
        Assert.Equal(1, bmc.KvmConnections);
        Assert.Single(bmc.Requests, r => r.Path == "/api/kvm/token");
        Assert.Equal(0x08, bmc.ClientPackets[^1].Command);
        Assert.Equal(0, bmc.OpenWebSessions);
    }

    [Fact]
    public async Task An_unchanged_screen_is_returned_as_it_is_when_max_wait_passes_although_the_bmc_repainted_it()
    {
        await using var bmc = await AmiTestHost.StartAsync(screens: Schedule(new WatchedFakeTime(), SyntheticScreens.Console(Width, Height, 1)));
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var session = await OpenAsync(bmc, Options(), cancellation);
        await using (session)
        {
            var first = await session.NextFrameAsync(Step, cancellation);
            var requestsBefore = bmc.ClientPackets.Count(p => p.Command == 0x0b);
            var maxWait = TimeSpan.FromMilliseconds(600);
            var clock = Stopwatch.StartNew();

            var second = await session.NextFrameAsync(maxWait, cancellation);

            Assert.True(clock.Elapsed >= maxWait, $"returned after {clock.Elapsed.TotalMilliseconds:0} ms");
            Assert.True(second.ContentEquals(first));
            Assert.NotSame(first.Pixels, second.Pixels);
            Assert.True(bmc.ClientPackets.Count(p => p.Command == 0x0b) > requestsBefore, "the call asked the BMC for the screen");
        }
    }

    [Fact]
    public async Task Keep_alives_go_on_between_calls_while_the_session_is_held()
    {
        await using var bmc = await AmiTestHost.StartAsync(screens: Schedule(new WatchedFakeTime(), SyntheticScreens.Console(Width, Height, 2)));
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var session = await OpenAsync(bmc, Options(), cancellation);
        await using (session)
        {
            await session.NextFrameAsync(Step, cancellation);
            var keepAlives = bmc.ClientPackets.Count(p => p.Command == 0x39);

            // No call is pending: only a background tick can send these (the interval is 500 ms).
            await AmiTestHost.WaitUntilAsync(() => bmc.ClientPackets.Count(p => p.Command == 0x39) >= keepAlives + 3);
            Assert.Equal(1, bmc.KvmConnections);
            Assert.Equal(0, bmc.EndedKvmConnections);
        }
    }

    [Theory]
    [InlineData(nameof(BmcFaults.CloseMidFrame))]
    [InlineData(nameof(BmcFaults.StallMidFrame))]
    [InlineData(nameof(BmcFaults.Unresponsive))]
    public async Task A_bmc_that_closes_or_goes_silent_mid_follow_ends_the_call_with_a_console_exception(string fault)
    {
        await using var bmc = await AmiTestHost.StartAsync(screens: Schedule(new WatchedFakeTime(), SyntheticScreens.Console(Width, Height, 3)));
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var session = await OpenAsync(bmc, Options(), cancellation);
        await using (session)
        {
            await session.NextFrameAsync(Step, cancellation);
            switch (fault)
            {
                case nameof(BmcFaults.CloseMidFrame):
                    bmc.Faults.CloseMidFrame = true;
                    break;
                case nameof(BmcFaults.StallMidFrame):
                    bmc.Faults.StallMidFrame = true;
                    break;
                default:
                    bmc.Faults.Unresponsive = true;
                    break;
            }

            var error = await Assert.ThrowsAsync<ConsoleException>(() => session.NextFrameAsync(TestTimeouts.Network, cancellation));

            Assert.Contains(bmc.BaseUrl.Authority, error.Message, StringComparison.Ordinal);
            Assert.Matches(fault == nameof(BmcFaults.CloseMidFrame) ? "closed the KVM connection" : "stopped answering", error.Message);

            // The broken session says so again rather than hanging.
            await Assert.ThrowsAsync<ConsoleException>(() => session.NextFrameAsync(TestTimeouts.Network, cancellation));
        }
    }

    [Fact]
    public async Task Cancelling_a_follow_ends_the_call_promptly()
    {
        await using var bmc = await AmiTestHost.StartAsync(screens: Schedule(new WatchedFakeTime(), SyntheticScreens.Console(Width, Height, 4)));
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var session = await OpenAsync(bmc, Options(), cancellation);
        await using (session)
        {
            await session.NextFrameAsync(Step, cancellation);
            using var caller = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var call = session.NextFrameAsync(TestTimeouts.Network, caller.Token);
            var clock = Stopwatch.StartNew();
            await caller.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalMilliseconds:0} ms");
        }

        await AmiTestHost.WaitUntilAsync(() => bmc.EndedKvmConnections == 1);
        Assert.Equal(0x08, bmc.ClientPackets[^1].Command);
    }

    private static AmiSessionOptions Options()
    {
        var options = AmiTestHost.FastOptions();
        options.FollowSilenceTimeout = TimeSpan.FromSeconds(2);
        return options;
    }

    private static BmcScreenSchedule Schedule(TimeProvider time, params Frame[] screens) =>
        new(time, [.. screens.Select((screen, i) => (Step * i, new BmcScreen(Width, Height, Mode420: false, 11, AspeedEncoder.Encode(screen, Encoding)) { AdvanceTableSelector = 11 }))]);

    private static KvmSessionFactory Factory(AmiSessionOptions options) =>
        AmiTestHost.Factory(new AspeedVideoFrameDecoderFactory(FrameLimits.Default, new DecodeMemoryBudget(TimeProvider.System)), options);

    private static Task<IKvmSession> OpenAsync(BmcSimulator bmc, AmiSessionOptions options, CancellationToken cancellation) =>
        Factory(options).OpenAsync(new ViewerPageEndpoint(new Secret(bmc.ViewerUrlFor().ToString())), null, cancellation);

    private static void AssertShows(Frame expected, Frame actual)
    {
        var psnr = ImageComparison.Psnr(expected, actual);
        Assert.True(psnr >= 30, $"PSNR {psnr:0.0} dB");
    }
}
