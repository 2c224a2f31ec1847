using OvhIkvm.Ovh.Account;
using OvhIkvm.Ovh.Api;
using OvhIkvm.Ovh.Tasks;
using OvhIkvm.Ovh.Tests.Support;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;

namespace OvhIkvm.Ovh.Tests.Tasks;

/// <summary>The one task follower of the access broker and the reboot, against the OVH simulator.</summary>
public sealed class OvhTaskFollowerTests
{
    private const string Server = "ns3001234.ip-51-68-12.eu";

    [Fact]
    public async Task A_read_that_fails_after_a_status_change_reports_the_last_status_read_not_the_first_and_each_read_is_logged()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(
            new OvhSimulatorOptions { AccessRules = [.. OvhRequiredAccessRules.All.Select(r => r.Rule.ToString()), OvhRequiredAccessRules.Reboot.Rule.ToString()] },
            cancellationToken: ct);
        var created = await harness.Get<OvhApiClient>()
            .PostAsync(OvhRoute.Reboot(Server), null, OvhJsonContext.Default.DedicatedServerTask, idempotent: false, ct);
        var reads = new List<OvhTaskRead>();

        var finished = await harness.Get<OvhTaskFollower>().FollowAsync(
            Server,
            created,
            read =>
            {
                reads.Add(read);
                if (reads.Count == 1)
                {
                    // A 404 is transient for a task read (OVH answers it for a task it has just created) and is not retried below the follower.
                    harness.Simulator.Inject(new OvhFault(OvhFaultKind.Status, "GET /dedicated/server/*/task/*") { StatusCode = 404 });
                }
            },
            ct);

        Assert.Equal("init", created.Status);
        Assert.True(finished.IsDone, $"the task ended as {finished.Status}");
        Assert.Equal(new OvhTaskRead(created.TaskId, "todo", Failed: false), reads[0]);
        Assert.Equal(new OvhTaskRead(created.TaskId, "todo", Failed: true), reads[1]);
        Assert.Equal(new OvhTaskRead(created.TaskId, "doing", Failed: false), reads[2]);
        Assert.Contains(harness.Logs.Lines, l => l.Contains($"OVH task {created.TaskId} for {Server}: doing", StringComparison.Ordinal));
    }
}
