using System.Diagnostics;
using OvhIkvm.Consoles;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>Every fault the simulator can inject ends in one clear <see cref="ConsoleException"/> within its time limit.</summary>
public sealed class AmiFaultTests
{
    /// <summary>
    /// The fault tests run on real time: the BMC is a real WebSocket peer, and the capture's keep-alives, full-screen
    /// retries and stall detection all run on timers while real packets flow, which fake time cannot advance in step.
    /// A capture promises its end within <see cref="Kvm.Ami.AmiSessionOptions.CaptureTimeout"/> (from the KVM token
    /// to the screen, so only the capture is timed); the slack is the time from the limit to the answer (cancelling
    /// the socket read, closing) on a loaded 2-core machine.
    /// </summary>
    private static readonly TimeSpan SchedulingSlack = TimeSpan.FromSeconds(5);

    public static TheoryData<string, string> Faults => new()
    {
        { nameof(BmcFaults.RejectValidation), "rejected the KVM session (validation result 0)" },
        { nameof(BmcFaults.SessionInUse), "another viewer is connected; close it or wait" },
        { nameof(BmcFaults.CloseMidFrame), "closed the KVM connection before sending a complete screen" },
        { nameof(BmcFaults.StallMidFrame), "stalled in the middle of a frame" },
        { nameof(BmcFaults.OversizedCompressSize), "compressed bytes for a 1024x768 screen" },
        { nameof(BmcFaults.GarbageVideo), "sent a damaged video stream" },
        { nameof(BmcFaults.BlankScreen), "is powered off" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Each_fault_ends_in_one_clear_error_within_its_timeout(string fault, string expected)
    {
        await using var bmc = await AmiTestHost.StartAsync(new BmcSimulatorOptions { FragmentSize = 4096 });
        typeof(BmcFaults).GetProperty(fault)!.SetValue(bmc.Faults, true);
        var options = AmiTestHost.FastOptions();
        var factory = AmiTestHost.Factory(new RecordingDecoder(), options);
        var viewerUrl = bmc.ViewerUrlFor().ToString();
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);

        var session = await factory.OpenAsync(new ViewerPageEndpoint(new Secret(viewerUrl)), null, cancellation);
        ConsoleException error;
        TimeSpan captureTook;
        await using (session)
        {
            var clock = Stopwatch.StartNew();
            error = await Assert.ThrowsAnyAsync<ConsoleException>(() => session.CaptureFrameAsync(cancellation));
            captureTook = clock.Elapsed;
        }

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        // Only a dead session says so: the caller then drops the access that produced it. A fault on a live session must not.
        Assert.Equal(fault == nameof(BmcFaults.RejectValidation), error is ConsoleAccessRefusedException);
        Assert.Contains(bmc.BaseUrl.Authority, error.Message, StringComparison.Ordinal);
        Assert.True(captureTook < options.CaptureTimeout + SchedulingSlack, $"the capture took {captureTook}");
        AssertNoSecrets(error.Message, viewerUrl);
    }

    [Fact]
    public async Task A_capture_cancelled_by_the_caller_is_a_cancellation_not_a_timeout_message()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        bmc.Faults.StallMidFrame = true;
        var factory = AmiTestHost.Factory(new RecordingDecoder());
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var session = await factory.OpenAsync(new ViewerPageEndpoint(new Secret(bmc.ViewerUrlFor().ToString())), null, caller.Token);
        await using (session)
        {
            var capture = session.CaptureFrameAsync(caller.Token);
            await AmiTestHost.WaitUntilAsync(() => bmc.ClientPackets.Any(p => p.Command == 0x0b));
            await caller.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => capture);
        }
    }

    [Fact]
    public async Task Keep_alives_continue_while_the_video_stalls()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        bmc.Faults.StallMidFrame = true;
        var options = AmiTestHost.FastOptions();
        options.CaptureTimeout = TimeSpan.FromSeconds(3);
        options.KeepAliveInterval = TimeSpan.FromMilliseconds(200);
        var factory = AmiTestHost.Factory(new RecordingDecoder(), options);
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);

        var session = await factory.OpenAsync(new ViewerPageEndpoint(new Secret(bmc.ViewerUrlFor().ToString())), null, cancellation);
        await using (session)
        {
            await Assert.ThrowsAsync<ConsoleException>(() => session.CaptureFrameAsync(cancellation));
        }

        await AmiTestHost.WaitUntilAsync(() => bmc.EndedKvmConnections == bmc.KvmConnections);
        Assert.True(bmc.ClientPackets.Count(p => p.Command == 0x39) >= 3, "keep-alives every 200 ms over 3 s");
    }

    [Fact]
    public async Task A_bmc_that_answers_and_floods_keep_alives_gets_ours_at_the_keep_alive_pace_and_the_frame_still_arrives()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        bmc.Faults.KeepAliveStorm = true;
        bmc.Faults.IgnoreFirstFullScreenRequest = true;
        var options = AmiTestHost.FastOptions();
        var factory = AmiTestHost.Factory(new RecordingDecoder(), options);
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var clock = Stopwatch.StartNew();

        var session = await factory.OpenAsync(new ViewerPageEndpoint(new Secret(bmc.ViewerUrlFor().ToString())), null, cancellation);
        await using (session)
        {
            var frame = await session.CaptureFrameAsync(cancellation);
            Assert.Equal((1024, 768), (frame.Width, frame.Height));
        }

        var elapsed = clock.Elapsed;
        await AmiTestHost.WaitUntilAsync(() => bmc.EndedKvmConnections == bmc.KvmConnections);
        var keepAlives = bmc.ClientPackets.Count(p => p.Command == 0x39);
        Assert.True(keepAlives <= (elapsed / options.KeepAliveInterval) + 1, $"{keepAlives} keep-alives in {elapsed.TotalMilliseconds:0} ms");

        // The first request was ignored: only the timed retry, sent through the flood, brought the frame.
        Assert.True(bmc.ClientPackets.Count(p => p.Command == 0x0b) >= 2);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_csrf_token_that_smuggles_a_header_is_refused_before_any_request_carries_it(bool directLogin)
    {
        await using var bmc = await AmiTestHost.StartAsync();
        bmc.Faults.HeaderInjectingCsrfToken = true;
        var factory = AmiTestHost.Factory(new RecordingDecoder());
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        ConsoleEndpoint endpoint = directLogin
            ? new AmiBmcEndpoint(bmc.BaseUrl, bmc.Options.Username, new Secret(bmc.Options.Password), AllowInsecureHttp: true)
            : new ViewerPageEndpoint(new Secret(bmc.ViewerUrlFor().ToString()));

        var error = await Assert.ThrowsAnyAsync<ConsoleException>(async () =>
        {
            var session = await factory.OpenAsync(endpoint, null, cancellation);
            await using (session)
            {
                await session.CaptureFrameAsync(cancellation);
            }
        });

        Assert.Contains($"The BMC at {bmc.BaseUrl.Authority} sent a CSRF token that is not a plain token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(BmcFaults.InjectedHeader, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(bmc.Requests, r => r.HeaderNames.Contains(BmcFaults.InjectedHeader, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(0, bmc.KvmConnections);
    }

    private static void AssertNoSecrets(string message, string viewerUrl)
    {
        var token = new Uri(viewerUrl).Query;
        Assert.DoesNotContain(token.TrimStart('?'), message, StringComparison.Ordinal);
        Assert.DoesNotContain("QSESSIONID=", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
    }
}
