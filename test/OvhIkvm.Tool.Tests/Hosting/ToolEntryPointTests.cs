using System.CommandLine;
using OvhIkvm.Tool.Cli;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Hosting;

namespace OvhIkvm.Tool.Tests.Hosting;

/// <summary>The no-argument start MCP clients use skips the command line; it must serve exactly what the command line would.</summary>
public sealed class ToolEntryPointTests
{
    [Fact]
    public async Task Without_arguments_the_server_runs_with_the_environments_settings()
    {
        var environment = new Dictionary<string, string?> { ["OVH_IKVM_TARGETS"] = "/etc/targets.json", ["OVH_IKVM_LOG_LEVEL"] = "warning" };
        ToolConfiguration? served = null;

        var exitCode = await ToolEntryPoint.RunAsync([], environment, (c, _) => { served = c; return Task.FromResult(7); }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(7, exitCode);
        Assert.NotNull(served);
        Assert.Equal("/etc/targets.json", served[ToolSettings.Targets]);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, served.MinimumLogLevel);
    }

    [Fact]
    public async Task Without_arguments_an_unusable_setting_is_refused_as_the_command_line_refuses_it()
    {
        var environment = new Dictionary<string, string?> { ["OVH_IKVM_LOG_LEVEL"] = "loud" };
        var served = false;
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ToolEntryPoint.RunAsync(
            [],
            environment,
            (_, _) => { served = true; return Task.FromResult(0); },
            new InvocationConfiguration { Output = output, Error = error },
            TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.False(served);
        Assert.Contains("OVH_IKVM_LOG_LEVEL", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task Arguments_go_through_the_command_line_with_flags_over_the_environment()
    {
        var environment = new Dictionary<string, string?> { ["OVH_IKVM_TARGETS"] = "/etc/targets.json" };
        ToolConfiguration? served = null;

        var exitCode = await ToolEntryPoint.RunAsync(
            ["--targets", "/srv/other.json"],
            environment,
            (c, _) => { served = c; return Task.FromResult(0); },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        Assert.Equal("/srv/other.json", served?[ToolSettings.Targets]);
    }
}
