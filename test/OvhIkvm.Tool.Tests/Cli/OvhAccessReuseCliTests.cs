using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Demo;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Cli;

/// <summary>
/// The <c>screenshot</c> command, in process (fresh services each run, as a fresh process has) and as the built
/// executable, against the OVH simulator and a simulated AMI BMC over real HTTP and WebSocket, when OVH already holds
/// a live access granted to an earlier run; and what a person reads on stderr.
/// </summary>
public sealed partial class OvhAccessReuseCliTests
{
    private const string ServerId = "ns3001234.ip-51-68-12.eu";
    private const string AccessPost = "POST /dedicated/server/*/features/ipmi/access";

    [Fact]
    public async Task A_second_screenshot_run_reuses_ovhs_live_access_and_makes_no_access_request_nor_task_poll()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var bmc = await StartBmcAsync(ct);
        await using var ovh = await StartOvhAsync(bmc, ct);
        using var png = new TempFile("second.png");

        var watch = Stopwatch.StartNew();
        var (exitCode, output, error) = await CliRunner.RunAsync(["screenshot", ServerId, "-o", png.Path], OvhEnvironment.For(ovh), ct);
        var elapsed = watch.Elapsed;

        TestContext.Current.TestOutputHelper?.WriteLine($"second screenshot: {elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(0, exitCode);
        Assert.Contains("PNG", output, StringComparison.Ordinal);
        Assert.Contains("reusing the console access OVH already granted, valid until", error, StringComparison.Ordinal);
        Assert.Equal(0, ovh.Count(AccessPost));
        Assert.Equal(0, ovh.Count("GET /dedicated/server/*/task/*"));
    }

    [Fact]
    public async Task A_second_screenshot_process_reuses_ovhs_live_access_without_a_request()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var bmc = await StartBmcAsync(ct);
        await using var ovh = await StartOvhAsync(bmc, ct);
        using var png = new TempFile("second.png");

        var (exitCode, _, error, elapsed) = await ToolProcess.RunAsync(["screenshot", ServerId, "-o", png.Path], OvhEnvironment.For(ovh), ct);

        Assert.Equal(0, exitCode);
        Assert.True(File.Exists(png.Path));
        Assert.Equal(0, ovh.Count(AccessPost));
        Assert.Contains("reusing the console access OVH already granted", error, StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine($"second screenshot process: {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task The_progress_counter_runs_on_one_clock_from_the_ovh_steps_through_the_bmc_steps()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var bmc = await StartBmcAsync(ct);
        await using var ovh = await StartOvhAsync(bmc, ct);
        ovh.Inject(new OvhFault(OvhFaultKind.Slow, "GET /dedicated/server/*/features/ipmi/access") { Delay = TimeSpan.FromSeconds(1.6) });
        using var png = new TempFile("counter.png");

        var (exitCode, _, error) = await CliRunner.RunAsync(["screenshot", ServerId, "-o", png.Path], OvhEnvironment.For(ovh), ct);

        Assert.Equal(0, exitCode);
        var seconds = ProgressLine().Matches(error).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(seconds.Count >= 3, error);
        Assert.Equal(seconds.Order(), seconds);
        Assert.True(seconds[^1] >= 2, $"the last (BMC) step reads {seconds[^1]} s after a 1.6 s OVH step: the counter restarted");
    }

    [Fact]
    public async Task A_wrong_application_secret_prints_sentences_not_logger_lines_at_the_default_level()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var ovh = await OvhApiSimulator.StartAsync(cancellationToken: ct);

        var (exitCode, output, error, _) = await ToolProcess.RunAsync(["servers"], OvhEnvironment.For(ovh, applicationSecret: "notTheRightSecret000000000000001"), ct);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("OVH rejected the request signature", error, StringComparison.Ordinal);
        Assert.DoesNotMatch(LoggerLine(), error);
        Assert.DoesNotContain("notTheRightSecret", error, StringComparison.Ordinal);
    }

    private static Task<BmcSimulator> StartBmcAsync(CancellationToken ct) =>
        BmcSimulator.StartAsync(new BmcSimulatorOptions { AcceptForeignViewerTokens = true }, new DemoScreenSource(DemoScreenKind.LoginPrompt, "ns3001234"), ct);

    /// <summary>An account whose server already has a live access, as a previous run leaves it.</summary>
    private static async Task<OvhApiSimulator> StartOvhAsync(BmcSimulator bmc, CancellationToken ct)
    {
        var ovh = await OvhApiSimulator.StartAsync(
            new OvhSimulatorOptions { Servers = [new OvhSimulatedServer(ServerId, "51.68.12.34") { ViewerBaseUrl = bmc.ViewerPageUrl }] },
            cancellationToken: ct);
        ovh.GrantAccess(ServerId, $"{bmc.ViewerPageUrl.AbsoluteUri}?token=0123456789abcdef0123456789abcdef", DateTimeOffset.UtcNow.AddMinutes(12));
        return ovh;
    }

    [GeneratedRegex(@"^\[\s*(\d+)s\] ", RegexOptions.Multiline)]
    private static partial Regex ProgressLine();

    /// <summary>What the console logger writes: a level tag and a category, e.g. "warn: OvhIkvm.Ovh.Api.OvhApiClient[4]".</summary>
    [GeneratedRegex(@"\b(trce|dbug|info|warn|fail|crit): [A-Za-z.]+\[\d+\]")]
    private static partial Regex LoggerLine();
}
