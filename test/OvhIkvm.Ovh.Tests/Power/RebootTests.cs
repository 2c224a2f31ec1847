using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Account;
using OvhIkvm.Ovh.Tests.Support;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;

namespace OvhIkvm.Ovh.Tests.Power;

/// <summary>The hard reboot against the OVH simulator, which checks the signature and the consumer key's access rules on every call.</summary>
public sealed class RebootTests
{
    private const string Server = "ns3001234.ip-51-68-12.eu";
    private const string RebootPost = "POST /dedicated/server/*/reboot";

    private static readonly IReadOnlyList<string> ReadOnlyRules = [.. OvhRequiredAccessRules.All.Select(r => r.Rule.ToString())];

    [Fact]
    public async Task A_signed_and_authorised_reboot_is_posted_once_and_its_task_followed_to_done()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(
            new OvhSimulatorOptions { TaskReadsPerState = 2, AccessRules = [.. ReadOnlyRules, OvhRequiredAccessRules.Reboot.Rule.ToString()] },
            cancellationToken: ct);
        var progress = new RecordingProgress();

        var result = await harness.Get<IServerPowerControl>().RebootAsync(Server, progress, ct);

        Assert.Equal("done", result.Status);
        Assert.Equal(1, harness.Simulator.Count(RebootPost));
        Assert.Equal([Server], harness.Simulator.Reboots);
        var stages = progress.Reports.Select(p => p.Stage).ToList();
        Assert.Contains(stages, s => s == $"OVH reboot task {result.TaskId}: doing");
        Assert.Contains(harness.Logs.Lines, l => l.Contains($"Requested a hard reboot of {Server}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_the_reboot_rule_the_refusal_names_credentials_allow_power_and_nothing_reboots()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { AccessRules = ReadOnlyRules }, cancellationToken: ct);

        var error = await Assert.ThrowsAsync<ConsoleException>(() => harness.Get<IServerPowerControl>().RebootAsync(Server, null, ct));

        Assert.Contains("POST /dedicated/server/*/reboot", error.Message, StringComparison.Ordinal);
        Assert.Contains("`ovh-ikvm-mcp credentials --allow-power`", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Simulator.Reboots);
    }

    [Fact]
    public async Task A_request_signed_with_the_wrong_secret_is_refused_and_nothing_reboots()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(
            configure: o => new OvhOptions
            {
                Endpoint = o.Endpoint,
                ApiBaseUrl = o.ApiBaseUrl,
                ApplicationKey = o.ApplicationKey,
                ApplicationSecret = new Secret("notTheApplicationSecret000000001"),
                ConsumerKey = o.ConsumerKey,
                TaskPollInterval = o.TaskPollInterval,
                MaxRetryAttempts = o.MaxRetryAttempts,
                RetryBaseDelay = o.RetryBaseDelay,
            },
            cancellationToken: ct);

        await Assert.ThrowsAnyAsync<ConsoleException>(() => harness.Get<IServerPowerControl>().RebootAsync(Server, null, ct));

        Assert.Empty(harness.Simulator.Reboots);
    }

    [Fact]
    public async Task A_failing_server_error_is_not_retried_because_a_reboot_sent_twice_reboots_twice()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.Status, RebootPost) { StatusCode = 503 });

        await Assert.ThrowsAnyAsync<ConsoleException>(() => harness.Get<IServerPowerControl>().RebootAsync(Server, null, ct));

        Assert.Equal(1, harness.Simulator.Count(RebootPost));
    }
}
