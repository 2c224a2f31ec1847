using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;

namespace OvhIkvm.Tool.Tests.Reliability;

/// <summary>OVH API faults, end to end through MCP: each ends in one sentence within its bound, and the tool keeps serving.</summary>
public sealed class OvhFaultTests
{
    private const string AccessPost = "POST /dedicated/server/*/features/ipmi/access";

    [Fact]
    public async Task A_429_storm_longer_than_the_retry_budget_ends_in_one_clear_error_and_the_next_call_succeeds()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var fleet = rig.Fleet;
        var server = fleet.ServerIds[0];
        // Retry-After says 30 s; the tool caps it at its configured longest back-off instead of hanging on it.
        fleet.Ovh.Inject(new OvhFault(OvhFaultKind.Status, AccessPost, ReliabilityTimeouts.OvhRetryAttempts + 1) { StatusCode = 429, RetryAfter = TimeSpan.FromSeconds(30) });

        await rig.AssertFailsClearlyThenRecoversAsync(server, "rate-limiting", ReliabilityTimeouts.OvhFailure, heal: null, server, ct);

        Assert.Equal(ReliabilityTimeouts.OvhRetryAttempts + 2, fleet.Ovh.Count(AccessPost));
        rig.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task A_429_burst_within_the_retry_budget_is_absorbed_by_honouring_retry_after()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var fleet = rig.Fleet;
        var server = fleet.ServerIds[0];
        fleet.Ovh.Inject(new OvhFault(OvhFaultKind.Status, AccessPost, ReliabilityTimeouts.OvhRetryAttempts) { StatusCode = 429, RetryAfter = TimeSpan.FromSeconds(1) });

        var (result, _) = await rig.ScreenshotAsync(server, ct);

        ReliabilityRig.AssertShowsConsole(result, server);
        Assert.Equal(ReliabilityTimeouts.OvhRetryAttempts + 1, fleet.Ovh.Count(AccessPost));
        Assert.Equal(1, fleet.Ovh.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/features/ipmi/access", StringComparison.Ordinal) && r.StatusCode == 200));
        rig.AssertNoSecretLeaked();
    }

    [Theory]
    [InlineData(OvhFaultKind.Status, 503)]
    [InlineData(OvhFaultKind.Html, 502)]
    public async Task A_5xx_burst_on_the_server_list_longer_than_the_retry_budget_ends_in_one_clear_error_and_the_next_call_succeeds(OvhFaultKind kind, int status)
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var fleet = rig.Fleet;
        var server = fleet.ServerIds[0];
        fleet.Ovh.Inject(new OvhFault(kind, "GET /dedicated/server", ReliabilityTimeouts.OvhRetryAttempts + 1) { StatusCode = status });

        await rig.AssertFailsClearlyThenRecoversAsync(server, status.ToString(System.Globalization.CultureInfo.InvariantCulture), ReliabilityTimeouts.OvhFailure, heal: null, server, ct);

        Assert.Equal(0, fleet.Ovh.Requests.Count(r => r.Method == "POST" && r.StatusCode != 200));
        rig.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task An_api_that_stops_answering_ends_in_one_clear_error_within_the_request_timeouts_and_the_next_call_succeeds()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var fleet = rig.Fleet;
        var server = fleet.ServerIds[0];
        fleet.Ovh.Inject(new OvhFault(OvhFaultKind.Slow, "GET /dedicated/server", ReliabilityTimeouts.OvhRetryAttempts + 1) { Delay = TimeSpan.FromMinutes(5) });

        await rig.AssertFailsClearlyThenRecoversAsync(server, "did not answer", ReliabilityTimeouts.OvhFailure, heal: null, server, ct);

        Assert.Equal(ReliabilityTimeouts.OvhRetryAttempts + 2, fleet.Ovh.Count("GET /dedicated/server"));
        rig.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task A_5xx_on_the_access_request_is_not_repeated_and_ends_in_one_clear_error()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var fleet = rig.Fleet;
        var server = fleet.ServerIds[0];
        fleet.Ovh.Inject(new OvhFault(OvhFaultKind.Status, AccessPost) { StatusCode = 500 });

        await rig.AssertFailsClearlyThenRecoversAsync(server, "500", ReliabilityTimeouts.OvhRequest, heal: null, server, ct);

        // The failed POST may have created a task at OVH: it is not blindly repeated; the next call makes one fresh request.
        Assert.Equal(2, fleet.Ovh.Count(AccessPost));
        rig.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task A_5xx_burst_on_task_reads_is_polled_through()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var fleet = rig.Fleet;
        var server = fleet.ServerIds[0];
        fleet.Ovh.Inject(new OvhFault(OvhFaultKind.Status, "GET /dedicated/server/*/task/*", 3) { StatusCode = 500 });

        var (result, _) = await rig.ScreenshotAsync(server, ct);

        ReliabilityRig.AssertShowsConsole(result, server);
        Assert.Equal(3, fleet.Ovh.Requests.Count(r => r.Path.Contains("/task/", StringComparison.Ordinal) && r.StatusCode == 500));
        rig.AssertNoSecretLeaked();
    }

    [Theory]
    [InlineData("customerError", "The server is in rescue mode: IPMI access refused")]
    [InlineData("ovhError", "Internal error on the IPMI proxy, please retry later")]
    [InlineData("cancelled", "Task cancelled by an operator")]
    public async Task A_task_that_ends_in_failure_reaches_the_user_with_its_comment_and_the_next_call_succeeds(string status, string comment)
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var failing = ReliabilityFleet.ServerId(1);
        await using var rig = await ReliabilityRig.StartAsync(
            2,
            ct,
            server => server.ServiceName == failing ? server with { FinalTaskStatus = status, FinalTaskComment = comment } : server);
        var fleet = rig.Fleet;

        var message = await rig.AssertFailsClearlyThenRecoversAsync(failing, comment, ReliabilityTimeouts.Grant, heal: null, fleet.ServerIds[1], ct);

        Assert.Contains(status, message, StringComparison.OrdinalIgnoreCase);
        rig.AssertNoSecretLeaked();
    }
}
