using System.Text.RegularExpressions;
using ModelContextProtocol.Protocol;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Demo;
using OvhIkvm.Tool.Mcp;
using OvhIkvm.Tool.Tests.Reliability;

namespace OvhIkvm.Tool.Tests.Watching;

/// <summary>
/// Consoles misbehaving while a wait follows them: a screen that never settles (every frame differs from the last: a
/// hostile or broken BMC, or a screen saver) must not make the wait spin a core on decoding and recognising; a BMC that
/// drops the connection mid-wait ends it with one clear error and releases the session. Real peers: the OVH and AMI
/// BMC simulators of the reliability fleet, over HTTP and WebSocket on loopback.
/// </summary>
public sealed partial class HostileConsoleWaitTests
{
    [Fact]
    public async Task A_screen_that_never_settles_gets_the_stable_timeout_answer_and_is_asked_for_at_most_five_frames_a_second()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var server = rig.Fleet.ServerIds[0];
        var restless = new AlternatingScreens(
            DemoScreenSource.Encode(DemoScreens.Create(DemoScreenKind.LoginPrompt, "restless").Render(ConsoleFont.Vga)),
            DemoScreenSource.Encode(DemoScreens.Create(DemoScreenKind.KernelPanic, "restless").Render(ConsoleFont.Vga)));
        rig.Fleet.BmcOf(server).ScreenSource = restless;

        var result = await rig.Mcp.Client.CallToolAsync(
            ConsoleTools.WaitForConsoleName,
            new Dictionary<string, object?> { ["serverId"] = server, ["until"] = "stable", ["stableSeconds"] = 1, ["timeoutSeconds"] = 3 },
            cancellationToken: ct);

        var texts = result.Content.OfType<TextContentBlock>().Select(t => t.Text).ToList();
        Assert.True(result.IsError != true, string.Join(" | ", texts));
        Assert.Matches(NotStableSentence(), texts[0]);
        // 3 s of following at one frame per 200 ms at most, plus the first frame; a tight loop would ask hundreds.
        TestContext.Current.TestOutputHelper?.WriteLine($"{restless.Served} frames served");
        Assert.InRange(restless.Served, 3, (3 / 0.2) + 2);
        Assert.Equal(1, rig.Sessions.SessionsOpened);
        rig.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task A_wait_for_a_server_without_an_html5_console_is_one_clear_error()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);

        var result = await rig.Mcp.Client.CallToolAsync(
            ConsoleTools.WaitForConsoleName,
            new Dictionary<string, object?> { ["serverId"] = "ns9999999.ip-203-0-113.eu", ["until"] = "change" },
            cancellationToken: ct);

        ReliabilityRig.AssertOneClearError(result, "ns9999999.ip-203-0-113.eu");
        Assert.Equal(0, rig.Sessions.SessionsOpened);
    }

    [Fact]
    public async Task A_bmc_that_drops_the_connection_mid_wait_ends_it_with_one_clear_error_and_the_next_wait_works()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var server = rig.Fleet.ServerIds[0];
        var bmc = rig.Fleet.BmcOf(server);
        var progress = new ProgressWatch();
        var arguments = new Dictionary<string, object?> { ["serverId"] = server, ["until"] = "change", ["timeoutSeconds"] = 60 };

        var waiting = rig.Mcp.Client.CallToolAsync(ConsoleTools.WaitForConsoleName, arguments, progress, cancellationToken: ct).AsTask();
        await progress.HeardAsync("waiting for the screen to change", ct);
        bmc.Faults.CloseMidFrame = true;
        var failed = await waiting;

        ReliabilityRig.AssertOneClearError(failed, "closed the KVM connection");
        Assert.Equal(0, rig.Sessions.OpenSessions);
        bmc.Faults.CloseMidFrame = false;
        var next = await rig.Mcp.Client.CallToolAsync(
            ConsoleTools.WaitForConsoleName,
            new Dictionary<string, object?> { ["serverId"] = server, ["until"] = "change", ["timeoutSeconds"] = 1 },
            cancellationToken: ct);
        Assert.True(next.IsError != true);
        Assert.StartsWith("no change in 1 s; ", Assert.IsType<TextContentBlock>(next.Content[0]).Text, StringComparison.Ordinal);
        rig.AssertNoSecretLeaked();
    }

    [GeneratedRegex(@"^the screen did not stay unchanged for 1 s within 3 s; the screen last changed at \d\d:\d\d:\d\d UTC$")]
    private static partial Regex NotStableSentence();

    /// <summary>Two screens, one after the other, at every frame the BMC sends; counts the frames.</summary>
    private sealed class AlternatingScreens(BmcScreen first, BmcScreen second) : IBmcScreenSource
    {
        private int _served;

        public int Served => Volatile.Read(ref _served);

        public BmcScreen NextFrame() => Interlocked.Increment(ref _served) % 2 == 1 ? first : second;
    }
}
