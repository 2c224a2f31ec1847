using System.Diagnostics;
using System.Text.RegularExpressions;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Demo;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Cli;

/// <summary>The built executable, started as a person starts it, against the OVH simulator (and a simulated BMC) on loopback.</summary>
public sealed partial class CliProcessTests
{
    private const string ServerId = "ns3001234.ip-51-68-12.eu";

    [Fact]
    public async Task A_wrong_application_secret_prints_sentences_not_logger_lines_at_the_default_level()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var ovh = await OvhApiSimulator.StartAsync(cancellationToken: ct);

        var (exitCode, output, error, _) = await RunAsync(["servers"], ovh, ct, applicationSecret: "notTheRightSecret000000000000001");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("OVH rejected the request signature", error, StringComparison.Ordinal);
        Assert.DoesNotMatch(LoggerLine(), error);
        Assert.DoesNotContain("notTheRightSecret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_screenshot_process_reuses_ovhs_live_access_without_a_request_and_in_under_2_s()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var bmc = await BmcSimulator.StartAsync(
            new BmcSimulatorOptions { AcceptForeignViewerTokens = true }, new DemoScreenSource(DemoScreenKind.LoginPrompt, "ns3001234"), ct);
        await using var ovh = await OvhApiSimulator.StartAsync(
            new OvhSimulatorOptions { Servers = [new OvhSimulatedServer(ServerId, "51.68.12.34") { ViewerBaseUrl = bmc.ViewerPageUrl }] },
            cancellationToken: ct);
        ovh.GrantAccess(ServerId, $"{bmc.ViewerPageUrl.AbsoluteUri}?token=0123456789abcdef0123456789abcdef", DateTimeOffset.UtcNow.AddMinutes(12));
        using var png = new TempFile("second.png");

        var (exitCode, _, error, elapsed) = await RunAsync(["screenshot", ServerId, "-o", png.Path], ovh, ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"second screenshot, whole process: {elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(0, exitCode);
        Assert.True(File.Exists(png.Path));
        Assert.Equal(0, ovh.Count("POST /dedicated/server/*/features/ipmi/access"));
        Assert.Contains("reusing the console access OVH already granted", error, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"the second screenshot process took {elapsed.TotalMilliseconds:0} ms");
    }

    private static async Task<(int ExitCode, string Output, string Error, TimeSpan Elapsed)> RunAsync(
        string[] arguments,
        OvhApiSimulator ovh,
        CancellationToken ct,
        string? applicationSecret = null)
    {
        var start = ToolProcess.StartInfo(arguments);
        start.Environment["OVH_IKVM_API_URL"] = ovh.BaseUrl.AbsoluteUri;
        start.Environment["OVH_APPLICATION_KEY"] = ovh.Options.ApplicationKey;
        start.Environment["OVH_APPLICATION_SECRET"] = applicationSecret ?? ovh.Options.ApplicationSecret;
        start.Environment["OVH_CONSUMER_KEY"] = ovh.Options.ConsumerKey;
        start.Environment["OVH_IKVM_ALLOWED_IP"] = "203.0.113.7";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var elapsed = watch.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"$ ovh-ikvm-mcp {string.Join(' ', arguments)} -> {process.ExitCode}\nstderr:\n{await error}");
        return (process.ExitCode, await output, await error, elapsed);
    }

    /// <summary>What the console logger writes: a level tag and a category, e.g. "warn: OvhIkvm.Ovh.Api.OvhApiClient[4]".</summary>
    [GeneratedRegex(@"\b(trce|dbug|info|warn|fail|crit): [A-Za-z.]+\[\d+\]")]
    private static partial Regex LoggerLine();
}
