using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Tool.Tests.Reliability;

/// <summary>
/// BMC faults behind a real OVH grant, end to end through MCP: each ends in one sentence within the capture timeout,
/// and once the BMC behaves again the same tool process captures the same server (reusing its grant).
/// </summary>
public sealed class BmcFaultTests
{
    /// <summary>Fault, what the error names, and how many OVH grants it takes to get the screen afterwards.</summary>
    public static TheoryData<string, string, int> Faults => new()
    {
        { nameof(BmcFaults.CloseMidFrame), "closed", 1 },
        { nameof(BmcFaults.StallMidFrame), "stalled", 1 },
        // A session the BMC rejects is dead: the grant that produced it is dropped and the retry asks OVH for a new one.
        { nameof(BmcFaults.RejectValidation), "rejected the KVM session", 2 },
        { nameof(BmcFaults.SessionInUse), "another viewer", 1 },
        { nameof(BmcFaults.OversizedCompressSize), "damaged video", 1 },
        { nameof(BmcFaults.GarbageVideo), "damaged video", 1 },
        { nameof(BmcFaults.HeaderInjectingCsrfToken), "CSRF token that is not a plain token", 1 },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_bmc_fault_ends_in_one_clear_error_within_the_capture_timeout_and_the_server_is_served_once_it_heals(string fault, string expectedFragment, int grants)
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var fleet = rig.Fleet;
        var server = fleet.ServerIds[0];
        var bmc = fleet.BmcOf(server);
        Switch(bmc.Faults, fault, on: true);

        await rig.AssertFailsClearlyThenRecoversAsync(server, expectedFragment, ReliabilityTimeouts.Capture, () => Switch(bmc.Faults, fault, on: false), server, ct);

        Assert.Equal(grants, fleet.Ovh.Count("POST /dedicated/server/*/features/ipmi/access"));
        Assert.Equal(0, rig.Sessions.OpenSessions);
        Assert.DoesNotContain(bmc.Requests, r => r.HeaderNames.Contains(BmcFaults.InjectedHeader, StringComparer.OrdinalIgnoreCase));
        rig.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task A_csrf_token_from_a_login_that_smuggles_a_header_ends_in_one_clear_error_and_never_reaches_a_request()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var bmc = rig.Fleet.DirectBmc;
        bmc.Faults.HeaderInjectingCsrfToken = true;

        await rig.AssertFailsClearlyThenRecoversAsync(
            ReliabilityFleet.DirectTargetId, "CSRF token that is not a plain token", ReliabilityTimeouts.Capture, () => bmc.Faults.HeaderInjectingCsrfToken = false, ReliabilityFleet.DirectTargetId, ct);

        Assert.DoesNotContain(bmc.Requests, r => r.HeaderNames.Contains(BmcFaults.InjectedHeader, StringComparer.OrdinalIgnoreCase));
        rig.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task A_bmc_that_answers_and_floods_keep_alives_is_sent_ours_at_the_firmware_pace_and_the_screen_arrives()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var server = rig.Fleet.ServerIds[0];
        var bmc = rig.Fleet.BmcOf(server);
        bmc.Faults.KeepAliveStorm = true;
        bmc.Faults.IgnoreFirstFullScreenRequest = true;

        var (result, elapsed) = await rig.ScreenshotAsync(server, ct);

        ReliabilityRig.AssertShowsConsole(result, server);
        var keepAlives = bmc.ClientPackets.Count(p => p.Command == 0x39);
        Assert.True(keepAlives <= (elapsed / ReliabilityTimeouts.KeepAliveInterval) + 1, $"{keepAlives} keep-alives in {elapsed.TotalMilliseconds:0} ms");
        rig.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task Noise_before_the_video_is_ignored()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var fleet = rig.Fleet;
        var server = fleet.ServerIds[0];
        fleet.BmcOf(server).Faults.NoiseBeforeVideo = true;

        var (result, _) = await rig.ScreenshotAsync(server, ct);

        ReliabilityRig.AssertShowsConsole(result, server);
        rig.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task A_viewer_link_the_bmc_refuses_ends_in_one_clear_error_and_a_retry_asks_ovh_for_a_fresh_one()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var fleet = rig.Fleet;
        var refusedGrants = $"POST /dedicated/server/{ReliabilityFleet.RejectedViewerServerId}/features/ipmi/access";

        await rig.AssertFailsClearlyThenRecoversAsync(
            ReliabilityFleet.RejectedViewerServerId, "refused the console access (HTTP 403", ReliabilityTimeouts.Capture, heal: null, fleet.ServerIds[0], ct);
        Assert.Equal(1, fleet.Ovh.Count(refusedGrants));
        var (again, _) = await rig.ScreenshotAsync(ReliabilityFleet.RejectedViewerServerId, ct);

        // Reusing the cached grant would fail the same way until it expires (minutes); the retry asked OVH again.
        ReliabilityRig.AssertOneClearError(again, "refused the console access");
        Assert.Equal(2, fleet.Ovh.Count(refusedGrants));
        Assert.Equal(0, fleet.DirectBmc.KvmConnections);
        rig.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task A_refused_login_ends_in_one_clear_error_and_the_same_bmc_is_then_served_with_the_right_password()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var fleet = rig.Fleet;

        await rig.AssertFailsClearlyThenRecoversAsync(
            ReliabilityFleet.WrongPasswordTargetId, "password", ReliabilityTimeouts.Capture, heal: null, ReliabilityFleet.DirectTargetId, ct);

        // The logout runs after the screenshot is handed over: poll for it, bounded by the test's token.
        await WhenAsync(() => fleet.DirectBmc.OpenWebSessions == 0, ct);
        rig.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task A_full_web_session_table_ends_in_one_clear_error_and_the_bmc_is_served_once_a_slot_frees()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var fleet = rig.Fleet;
        fleet.DirectBmc.Faults.WebSessionsFull = true;

        await rig.AssertFailsClearlyThenRecoversAsync(
            ReliabilityFleet.DirectTargetId, "session", ReliabilityTimeouts.Capture, () => fleet.DirectBmc.Faults.WebSessionsFull = false, ReliabilityFleet.DirectTargetId, ct);

        // The logout runs after the screenshot is handed over: poll for it, bounded by the test's token.
        await WhenAsync(() => fleet.DirectBmc.OpenWebSessions == 0, ct);
        rig.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task A_bmc_whose_logout_hangs_gets_the_screenshot_handed_over_first_and_the_logout_ends_at_its_own_limit()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var bmc = rig.Fleet.DirectBmc;
        bmc.Faults.LogoutHangs = true;

        var (result, elapsed) = await rig.ScreenshotAsync(ReliabilityFleet.DirectTargetId, ct);

        ReliabilityRig.AssertShowsConsole(result, ReliabilityFleet.DirectTargetId);
        Assert.True(elapsed < ReliabilityTimeouts.Logout, $"the screenshot took {elapsed}: it waited for the logout");
        Assert.Equal(0, bmc.HungLogouts.Abandoned);

        // The logout gives up at its own limit, and the connection it held is released.
        await WhenAsync(() => bmc.HungLogouts == (1, 1) && bmc.OpenConnections == 0, ct);
        rig.AssertNoSecretLeaked();
    }

    private static async Task WhenAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
        }
    }

    private static void Switch(BmcFaults faults, string fault, bool on) =>
        typeof(BmcFaults).GetProperty(fault)!.SetValue(faults, on);
}
