using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;

namespace OvhIkvm.Tool.Tests.Reliability;

/// <summary>
/// Every tool call keeps one deadline, whatever the peers do: each of their steps may stay within its own timeout
/// while the sum exceeds what a client waits. The answer comes at the deadline, says what it was waiting for, and
/// progress is sent meanwhile.
/// </summary>
public sealed class DeadlineTests
{
    private const string AccessPost = "POST /dedicated/server/*/features/ipmi/access";

    /// <summary>From the deadline to the answer on a loaded machine: cancelling, the reply, the in-memory transport.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_hanging_ovh_api_makes_list_servers_answer_at_its_deadline_with_the_direct_targets_a_note_and_progress_meanwhile()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var limit = TimeSpan.FromSeconds(6);
        await using var rig = await ReliabilityRig.StartAsync(1, ct, callTimeout: limit);
        rig.Fleet.Ovh.Inject(new OvhFault(OvhFaultKind.Slow, "GET /dedicated/server", 10) { Delay = TimeSpan.FromMinutes(5) });
        var progress = new ProgressLog();

        var watch = Stopwatch.StartNew();
        var listing = await rig.ListServersAsync(ct, progress);
        var elapsed = watch.Elapsed;

        Assert.NotEqual(true, listing.IsError);
        var texts = listing.Content.OfType<TextContentBlock>().Select(t => t.Text).ToList();
        Assert.Equal(2, texts.Count);
        var ids = JsonDocument.Parse(texts[0]).RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Equal([ReliabilityFleet.DirectTargetId, ReliabilityFleet.WrongPasswordTargetId], ids.Order(StringComparer.Ordinal));
        Assert.Equal("Note: some servers may be missing: The OVH API did not answer in time, so its servers are not in this list; ask again in a minute.", texts[1]);
        Assert.True(elapsed <= limit + Slack, $"list_servers took {elapsed}, beyond its {limit} deadline");
        // No step of a listing reports progress: what the client hears is the heartbeat.
        Assert.Contains(progress.Messages, m => m.StartsWith("listing the servers of every provider (", StringComparison.Ordinal));
        rig.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task A_grant_slower_than_the_deadline_is_answered_at_the_deadline_and_carries_on_for_the_next_call()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var limit = TimeSpan.FromSeconds(2);
        await using var rig = await ReliabilityRig.StartAsync(1, ct, callTimeout: limit);
        var server = rig.Fleet.ServerIds[0];
        // One task read answered just within the 3 s request timeout: the grant takes longer than the call may.
        rig.Fleet.Ovh.Inject(new OvhFault(OvhFaultKind.Slow, "GET /dedicated/server/*/task/*") { Delay = TimeSpan.FromSeconds(2.5) });

        var message = await AssertAnswersAtTheDeadlineAsync(rig, server, "call get_screenshot again in a minute", limit, ct);
        Assert.Contains("OVH keeps working on the grant in the background", message, StringComparison.Ordinal);

        var (shot, _) = await rig.ScreenshotAsync(server, ct);

        ReliabilityRig.AssertShowsConsole(shot, server);
        Assert.Equal(1, rig.Fleet.Ovh.Count(AccessPost));
        rig.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task A_bmc_answering_each_step_just_within_its_timeout_is_given_up_at_the_deadline_and_served_once_it_is_fast()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var limit = TimeSpan.FromSeconds(4);
        await using var rig = await ReliabilityRig.StartAsync(1, ct, callTimeout: limit);
        var bmc = rig.Fleet.DirectBmc;
        // The AMI steps time out after 3 s each (ReliabilityTimeouts.Apply); none of them does here.
        bmc.Faults.StepDelay = TimeSpan.FromSeconds(2.5);

        await AssertAnswersAtTheDeadlineAsync(rig, ReliabilityFleet.DirectTargetId, $"gave up on {ReliabilityFleet.DirectTargetId} after 4 s", limit, ct);

        bmc.Faults.StepDelay = TimeSpan.Zero;
        var (shot, _) = await rig.ScreenshotAsync(ReliabilityFleet.DirectTargetId, ct);
        ReliabilityRig.AssertShowsConsole(shot, ReliabilityFleet.DirectTargetId);
        rig.AssertNoSecretLeaked();
    }

    /// <summary>get_screenshot fails with one clear sentence naming <paramref name="expectedFragment"/>, within the deadline and <see cref="Slack"/>.</summary>
    private static async Task<string> AssertAnswersAtTheDeadlineAsync(ReliabilityRig rig, string serverId, string expectedFragment, TimeSpan limit, CancellationToken cancellationToken)
    {
        var (result, elapsed) = await rig.ScreenshotAsync(serverId, cancellationToken);
        var message = ReliabilityRig.AssertOneClearError(result, expectedFragment);
        TestContext.Current.TestOutputHelper?.WriteLine($"{serverId} answered in {elapsed.TotalMilliseconds:0} ms: {message}");
        Assert.True(elapsed <= limit + Slack, $"get_screenshot took {elapsed}, beyond its {limit} deadline");
        return message;
    }

    private sealed class ProgressLog : IProgress<ProgressNotificationValue>
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IReadOnlyList<string> Messages => [.. _messages];

        public void Report(ProgressNotificationValue value) => _messages.Enqueue(value.Message ?? string.Empty);
    }
}
