using System.Text.Json;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Cli;

/// <summary><c>doctor --json</c> against the OVH simulator over real HTTP: one JSON document on stdout, the exit code as without it.</summary>
public sealed class DoctorJsonTests
{
    [Fact]
    public async Task Doctor_json_prints_one_document_with_every_check_and_a_verdict_matching_the_exit_code()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var ovh = await OvhApiSimulator.StartAsync(new OvhSimulatorOptions { GeolocationIp = "203.0.113.9" }, cancellationToken: ct);

        var (exitCode, output, _) = await CliRunner.RunAsync(["doctor", "--json"], OvhEnvironment.For(ovh, allowedIp: null), ct);

        Assert.Equal(0, exitCode);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.True(report.GetProperty("ok").GetBoolean());
        Assert.Equal(0, report.GetProperty("failures").GetInt32());
        Assert.Equal(1, report.GetProperty("warnings").GetInt32());
        var checks = report.GetProperty("checks").EnumerateArray().ToList();
        Assert.Contains(checks, c => c.GetProperty("check").GetString() == "OVH API" && c.GetProperty("status").GetString() == "ok");
        Assert.Contains(checks, c => c.GetProperty("check").GetString() == "consumer key" && c.GetProperty("status").GetString() == "ok");
        Assert.Contains(checks, c => c.GetProperty("status").GetString() == "warn" && c.GetProperty("detail").GetString()!.Contains("no HTML5 KVM", StringComparison.Ordinal));
        Assert.All(checks, c => Assert.Equal(["check", "status", "detail"], c.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task Doctor_json_with_a_wrong_application_secret_reports_the_failure_and_exits_1()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var ovh = await OvhApiSimulator.StartAsync(cancellationToken: ct);

        var (exitCode, output, _) = await CliRunner.RunAsync(["doctor", "--json"], OvhEnvironment.For(ovh, "notTheRightSecret000000000000001", allowedIp: null), ct);

        Assert.Equal(1, exitCode);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.False(report.GetProperty("ok").GetBoolean());
        var failed = report.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("status").GetString() == "fail").ToList();
        Assert.Equal(report.GetProperty("failures").GetInt32(), failed.Count);
        Assert.Contains(failed, c => c.GetProperty("detail").GetString()!.Contains("OVH_APPLICATION_SECRET", StringComparison.Ordinal));
        Assert.DoesNotContain("notTheRightSecret", output, StringComparison.Ordinal);
    }
}
