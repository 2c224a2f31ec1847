using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Tests.Support;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;

namespace OvhIkvm.Ovh.Tests.Simulation;

/// <summary>
/// Console access across processes: each MCP session or CLI run is a new process, and OVH, not the process, knows
/// which access is live. Every test runs two independent service providers against one simulated OVH over real HTTP.
/// </summary>
public sealed class AccessReuseTests
{
    private const string AccessPost = "POST /dedicated/server/*/features/ipmi/access";
    private const string Server = "ns3001234.ip-51-68-12.eu";

    [Fact]
    public async Task A_new_process_reuses_the_access_ovh_already_granted_and_says_so()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var first = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { TaskReadsPerState = 2 }, cancellationToken: ct);
        var granted = Assert.IsType<ViewerPageEndpoint>(await first.Provider.OpenConsoleAsync(Server, null, ct));
        await using var second = first.StartAnotherProcess();
        var progress = new RecordingProgress();
        var tasksRead = first.Simulator.Count("GET /dedicated/server/*/task/*");

        var reused = Assert.IsType<ViewerPageEndpoint>(await second.Provider.OpenConsoleAsync(Server, progress, ct));

        Assert.Equal(granted.ViewerUrl.Reveal(), reused.ViewerUrl.Reveal());
        Assert.Equal(granted.ExpiresAt!.Value, reused.ExpiresAt!.Value, TimeSpan.FromSeconds(1));
        Assert.Equal(1, first.Simulator.Count(AccessPost));
        Assert.Equal(tasksRead, first.Simulator.Count("GET /dedicated/server/*/task/*"));
        Assert.Equal(0, first.Simulator.Count("GET /dedicated/server"));
        Assert.Contains(progress.Reports, p => p.Stage.StartsWith("reusing the console access OVH already granted, valid until ", StringComparison.Ordinal));
        second.AssertNoSecretIn(progress.Reports.Select(p => p.Stage), reused.ViewerUrl.Reveal());
        second.AssertNoSecretIn(second.Logs.Lines, reused.ViewerUrl.Reveal());
    }

    [Fact]
    public async Task An_access_the_console_refused_is_neither_reused_nor_read_again_from_ovh_but_replaced()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);
        harness.Simulator.GrantAccess(Server, "https://0123456789abcdef0123456789abcdef.gra3-1.ipmi.ovh.net/viewer?token=for-another-ip", DateTimeOffset.UtcNow.AddMinutes(10));
        var foreign = Assert.IsType<ViewerPageEndpoint>(await harness.Provider.OpenConsoleAsync(Server, null, ct));
        Assert.EndsWith("for-another-ip", foreign.ViewerUrl.Reveal(), StringComparison.Ordinal);

        // What ScreenshotService does when the BMC refuses the viewer link (ConsoleAccessRefusedException).
        harness.Provider.ForgetConsoleAccess(Server);
        var renewed = Assert.IsType<ViewerPageEndpoint>(await harness.Provider.OpenConsoleAsync(Server, null, ct));

        Assert.NotEqual(foreign.ViewerUrl.Reveal(), renewed.ViewerUrl.Reveal());
        Assert.Equal(1, harness.Simulator.Count(AccessPost));
        Assert.Equal(3, harness.Simulator.Count("GET /dedicated/server/*/features/ipmi/access"));
    }

    [Fact]
    public async Task A_new_process_follows_the_access_task_another_process_left_pending_instead_of_failing()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var first = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { TaskReadsPerState = 20 }, cancellationToken: ct);
        await using (var impatient = first.StartAnotherProcess())
        {
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.Provider.OpenConsoleAsync(Server, new CancelOnFirstTaskStatus(giveUp), giveUp.Token));
        }

        await using var second = first.StartAnotherProcess();
        var progress = new RecordingProgress();
        var endpoint = await second.Provider.OpenConsoleAsync(Server, progress, ct);

        Assert.IsType<ViewerPageEndpoint>(endpoint);
        var posts = first.Simulator.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/features/ipmi/access", StringComparison.Ordinal)).ToList();
        Assert.Equal([200, 409], posts.Select(p => p.StatusCode));
        Assert.Contains(first.Simulator.Requests, r => r.Path.EndsWith("/task", StringComparison.Ordinal) && r.Query.Contains("function=requestAccessIPMI", StringComparison.Ordinal));
        Assert.Contains(progress.Reports, p => p.Stage.StartsWith("following OVH task ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_access_that_is_near_its_expiry_on_ovhs_clock_too_is_replaced_not_reused()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);
        harness.Simulator.GrantAccess(Server, "https://0123456789abcdef0123456789abcdef.gra3-1.ipmi.ovh.net/viewer?token=dying", DateTimeOffset.UtcNow.AddSeconds(30));

        var endpoint = Assert.IsType<ViewerPageEndpoint>(await harness.Provider.OpenConsoleAsync(Server, null, ct));

        Assert.DoesNotContain("dying", endpoint.ViewerUrl.Reveal(), StringComparison.Ordinal);
        Assert.Equal(1, harness.Simulator.Count(AccessPost));
    }

    [Fact]
    public async Task An_access_ovh_holds_over_plain_http_to_another_machine_is_not_reused_but_replaced()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);
        harness.Simulator.GrantAccess(Server, "http://0123456789abcdef0123456789abcdef.gra3-1.ipmi.ovh.net/viewer?token=in-clear", DateTimeOffset.UtcNow.AddMinutes(10));

        var endpoint = Assert.IsType<ViewerPageEndpoint>(await harness.Provider.OpenConsoleAsync(Server, null, ct));

        Assert.StartsWith("https://", endpoint.ViewerUrl.Reveal(), StringComparison.Ordinal);
        Assert.Equal(1, harness.Simulator.Count(AccessPost));
        Assert.Contains(harness.Logs.Lines, line => line.Contains("plain http:// to another machine", StringComparison.Ordinal));
        harness.AssertNoSecretIn(harness.Logs.Lines, "in-clear");
    }
}
