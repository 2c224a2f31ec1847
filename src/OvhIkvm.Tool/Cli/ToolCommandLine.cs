using System.CommandLine;
using OvhIkvm.Tool.Configuration;

namespace OvhIkvm.Tool.Cli;

/// <summary>
/// The command line. With no subcommand the tool is the stdio MCP server, which is how MCP clients start it.
/// Every setting is an option on every command, generated from <see cref="ToolSettings"/>.
/// </summary>
internal sealed class ToolCommandLine
{
    private readonly Dictionary<ToolSetting, Option<string>> _settingOptions;

    public ToolCommandLine(Func<ToolConfiguration, CancellationToken, Task<int>> runMcpServer, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(runMcpServer);
        _settingOptions = ToolSettings.All.ToDictionary(
            s => s,
            s => new Option<string>(s.Flag)
            {
                Description = $"{s.Description} Environment: {s.EnvironmentVariable}.",
                HelpName = s.IsSecret ? "secret" : "value",
                Recursive = true,
            });

        Root = new RootCommand(
            "MCP server that shows an AI assistant the console of bare-metal servers (OVHcloud iKVM, AMI/ASRockRack BMCs, VNC). " +
            "Without a command it serves MCP over stdio, as MCP clients expect.");
        foreach (var option in _settingOptions.Values)
        {
            Root.Options.Add(option);
        }

        Root.SetAction((parseResult, cancellationToken) => runMcpServer(Configuration(parseResult, environment), cancellationToken));
    }

    public RootCommand Root { get; }

    public ToolConfiguration Configuration(ParseResult parseResult, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var flags = _settingOptions.ToDictionary(pair => pair.Key, pair => parseResult.GetValue(pair.Value));
        return ToolConfiguration.Resolve(flags, environment);
    }
}
