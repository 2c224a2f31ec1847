using OvhIkvm.Testing;

namespace OvhIkvm.Tool.Tests.Reliability;

/// <summary>Many clients asking at once: one grant and at most one KVM session per server, every call served.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Sixteen_concurrent_screenshots_of_four_servers_all_succeed_with_four_grants_and_one_session_per_server_at_a_time()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(4, ct);
        var fleet = rig.Fleet;
        var requests = Enumerable.Range(0, 16).Select(i => fleet.ServerIds[i % 4]).ToList();

        var results = await Task.WhenAll(requests.Select(server => rig.ScreenshotAsync(server, ct)));

        Assert.All(requests.Zip(results), pair => ReliabilityRig.AssertShowsConsole(pair.Second.Result, pair.First));
        Assert.Equal(4, fleet.Ovh.Count("POST /dedicated/server/*/features/ipmi/access"));
        Assert.All(fleet.ServerIds, server => Assert.Equal(1, fleet.Ovh.Count($"POST /dedicated/server/{server}/features/ipmi/access")));
        Assert.InRange(rig.Sessions.PeakConcurrentSessions, 1, 4);
        Assert.Equal(4, rig.Sessions.PeakConcurrentSessionsPerConsole.Count);
        Assert.All(rig.Sessions.PeakConcurrentSessionsPerConsole.Values, peak => Assert.Equal(1, peak));
        Assert.Equal(0, rig.Sessions.OpenSessions);
        Assert.InRange(rig.Sessions.ViewerUrls.Count, 4, 16);
        rig.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task Concurrent_callers_of_a_stalled_server_share_one_session_and_one_error_while_a_healthy_server_is_served()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(2, ct);
        var (stalled, healthy) = (rig.Fleet.ServerIds[0], rig.Fleet.ServerIds[1]);
        rig.Fleet.BmcOf(stalled).Faults.StallMidFrame = true;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => rig.ScreenshotAsync(i % 2 == 0 ? stalled : healthy, ct)));

        var errors = results.Where((_, i) => i % 2 == 0).Select(r => ReliabilityRig.AssertOneClearError(r.Result, "stalled")).ToList();
        Assert.Single(errors.Distinct(StringComparer.Ordinal));
        Assert.All(results.Where((_, i) => i % 2 == 0), r => Assert.True(r.Elapsed <= ReliabilityTimeouts.Capture + ReliabilityTimeouts.Margin, $"took {r.Elapsed}"));
        Assert.All(results.Where((_, i) => i % 2 == 1), r => ReliabilityRig.AssertShowsConsole(r.Result, healthy));
        Assert.All(rig.Sessions.PeakConcurrentSessionsPerConsole.Values, peak => Assert.Equal(1, peak));
        Assert.Equal(0, rig.Sessions.OpenSessions);
        rig.AssertNoSecretLeaked();
    }
}
