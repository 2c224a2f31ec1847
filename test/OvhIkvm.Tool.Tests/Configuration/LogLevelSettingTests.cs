using System.Diagnostics;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Configuration;

/// <summary>A log level the tool does not know is a usage error, from the flag or the variable, for every command.</summary>
public sealed class LogLevelSettingTests
{
    private const string Targets = """{"targets":[{"id":"lab","type":"vnc","url":"ws://127.0.0.1:5700"}]}""";

    [Theory]
    [InlineData("garbage")]
    [InlineData("7")]
    [InlineData("verbose")]
    [InlineData("1,2")]
    public async Task An_unknown_log_level_flag_stops_the_command_with_the_valid_names(string level)
    {
        using var file = new TempFile("targets.json", Targets);

        var (exitCode, output, error) = await RunAsync(["servers", "--targets", file.Path, "--log-level", level], []);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains($"--log-level '{level}' is not a log level; use one of Trace, Debug, Information, Warning, Error, Critical, None", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_log_level_variable_stops_the_command_and_names_the_variable()
    {
        using var file = new TempFile("targets.json", Targets);

        var (exitCode, output, error) = await RunAsync(["servers", "--targets", file.Path], new() { ["OVH_IKVM_LOG_LEVEL"] = "garbage" });

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains("OVH_IKVM_LOG_LEVEL 'garbage' is not a log level", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("debug")]
    [InlineData("WARNING")]
    [InlineData("None")]
    public async Task Level_names_are_accepted_in_any_case(string level)
    {
        using var file = new TempFile("targets.json", Targets);

        var (exitCode, output, _) = await RunAsync(["servers", "--targets", file.Path], new() { ["OVH_IKVM_LOG_LEVEL"] = level });

        Assert.Equal(0, exitCode);
        Assert.Contains("lab", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stdio_server_refuses_to_start_with_an_unknown_log_level_instead_of_serving_with_the_default()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var start = ToolProcess.StartInfo();
        start.Environment["OVH_IKVM_LOG_LEVEL"] = "verbose";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);

        // A server that started anyway would wait for this stdin; one that refused has already exited.
        process.StandardInput.Close();
        await process.WaitForExitAsync(ct);

        Assert.Equal(2, process.ExitCode);
        Assert.Equal(string.Empty, await stdout);
        Assert.Contains("OVH_IKVM_LOG_LEVEL 'verbose' is not a log level", await stderr, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, Dictionary<string, string?> environment) =>
        CliRunner.RunAsync(args, environment, TestContext.Current.CancellationToken);
}
