using System.CommandLine;
using OvhIkvm.Tool.Cli;
using OvhIkvm.Tool.Configuration;

namespace OvhIkvm.Tool.Hosting;

/// <summary>
/// What the process runs first. MCP clients start the tool with no argument, often (per app launch, workspace or
/// conversation), and their user waits through every start before the first reply; that path serves MCP with the
/// environment's settings without building the command line, whose tree of commands and options costs about a tenth
/// of a second of JIT compilation in the framework-dependent package. An argument, or a setting the command line
/// must refuse, goes through the command line.
/// </summary>
internal static class ToolEntryPoint
{
    private static readonly IReadOnlyDictionary<ToolSetting, string?> NoFlags = new Dictionary<ToolSetting, string?>();

    public static async Task<int> RunAsync(
        string[] args,
        IReadOnlyDictionary<string, string?> environment,
        Func<ToolConfiguration, CancellationToken, Task<int>> runMcpServer,
        InvocationConfiguration? invocation = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(runMcpServer);
        if (args.Length == 0 && ToolConfiguration.Resolve(NoFlags, environment) is { UsageProblem: null } configuration)
        {
            // The host stops on SIGINT/SIGTERM and when the client closes stdin, as it does under the command line.
            return await runMcpServer(configuration, cancellationToken).ConfigureAwait(false);
        }

        var commandLine = new ToolCommandLine(runMcpServer, environment);
        return await commandLine.Root.Parse(args).InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }
}
