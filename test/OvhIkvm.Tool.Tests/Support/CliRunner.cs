using System.CommandLine;
using OvhIkvm.Tool.Cli;

namespace OvhIkvm.Tool.Tests.Support;

/// <summary>Runs the real command line in process, with the given environment, capturing stdout and stderr.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string[] args,
        IReadOnlyDictionary<string, string?> environment,
        CancellationToken cancellationToken)
    {
        var commandLine = new ToolCommandLine((_, _) => Task.FromResult(-1), environment);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await commandLine.Root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"$ ovh-ikvm-mcp {string.Join(' ', args)} -> {exitCode}\nstdout:\n{output}\nstderr:\n{error}");
        return (exitCode, output.ToString(), error.ToString());
    }
}
