using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Demo;
using OvhIkvm.Tool.Http;
using OvhIkvm.Tool.Watching;

namespace OvhIkvm.Tool.Cli;

/// <summary>
/// The command line. With no subcommand the tool is the stdio MCP server, which is how MCP clients start it.
/// Every setting is an option on every command, generated from <see cref="ToolSettings"/>.
/// </summary>
internal sealed class ToolCommandLine
{
    private readonly Dictionary<ToolSetting, Option> _settingOptions;

    public ToolCommandLine(Func<ToolConfiguration, CancellationToken, Task<int>> runMcpServer, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(runMcpServer);
        _settingOptions = ToolSettings.All.ToDictionary(
            s => s,
            s => s.IsSwitch
                ? (Option)new Option<bool>(s.Flag) { Description = $"{s.Description} Environment: {s.EnvironmentVariable}=true.", Recursive = true }
                : new Option<string>(s.Flag)
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

        var http = new Option<bool>("--http")
        {
            Description = $"Serve MCP over Streamable HTTP instead of stdio (see {ToolSettings.HttpUrl.Flag} and {ToolSettings.HttpToken.Flag}).",
        };
        Root.Options.Add(http);
        var demo = new Option<bool>("--demo")
        {
            Description = "Serve the demo fleet (simulated OVH API and BMCs on loopback) instead of your OVH account.",
        };
        Root.Options.Add(demo);
        Root.SetAction(WithConfiguration(environment, async (parseResult, configuration, cancellationToken) =>
        {
            if (!parseResult.GetValue(demo))
            {
                return await Serve(configuration).ConfigureAwait(false);
            }

            var fleet = await DemoFleet.StartAsync(NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
            await using var disposeFleet = fleet.ConfigureAwait(false);
            return await Serve(configuration.WithDemoAccount(fleet.Ovh)).ConfigureAwait(false);

            Task<int> Serve(ToolConfiguration c) => parseResult.GetValue(http)
                ? HttpServerCommand.RunAsync(c, parseResult.InvocationConfiguration.Error, cancellationToken)
                : runMcpServer(c, cancellationToken);
        }));
        Root.Subcommands.Add(BuildServersCommand(environment));
        Root.Subcommands.Add(BuildScreenshotCommand(environment));
        Root.Subcommands.Add(BuildWaitCommand(environment));
        Root.Subcommands.Add(BuildDoctorCommand(environment));
        Root.Subcommands.Add(BuildCredentialsCommand(environment));
        Root.Subcommands.Add(BuildDemoCommand(environment));
    }

    public RootCommand Root { get; }

    private Command BuildServersCommand(IReadOnlyDictionary<string, string?> environment)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (as list_servers returns it) instead of a table." };
        var command = new Command("servers", "List the servers whose console can be shown.") { json };
        command.SetAction(WithConfiguration(environment, (parseResult, configuration, cancellationToken) => ServersCommand.RunAsync(
            configuration,
            parseResult.GetValue(json),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken)));
        return command;
    }

    private Command BuildScreenshotCommand(IReadOnlyDictionary<string, string?> environment)
    {
        var serverId = new Argument<string>("serverId") { Description = "Server id, as `servers` lists it." };
        var output = new Option<string>("--output", "-o") { Description = "PNG file to write (default: <serverId>-<time>.png)." };
        var raw = new Option<bool>("--raw") { Description = "Save the frame exactly as captured, without the LLM-vision optimisation." };
        var text = ConsoleTextOption();
        var command = new Command("screenshot", "Capture a server's console to a PNG file.") { serverId, output, raw, text };
        command.SetAction(WithConfiguration(environment, (parseResult, configuration, cancellationToken) => ScreenshotCommand.RunAsync(
            configuration,
            parseResult.GetRequiredValue(serverId),
            parseResult.GetValue(output),
            parseResult.GetValue(raw),
            parseResult.GetValue(text),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken)));
        return command;
    }

    private Command BuildWaitCommand(IReadOnlyDictionary<string, string?> environment)
    {
        var serverId = new Argument<string>("serverId") { Description = "Server id, as `servers` lists it." };
        var until = new Option<string>("--until")
        {
            Description = "What to wait for: change (anything on the screen changes), stable (nothing changes for --stable-seconds) or text (the console text matches --pattern).",
            Required = true,
        };
        until.AcceptOnlyFromAmong(ConsoleWaitCondition.ChangeName, ConsoleWaitCondition.StableName, ConsoleWaitCondition.TextName);
        var pattern = new Option<string>("--pattern") { Description = "For --until text: a regular expression (.NET syntax, no backtracking; ^ and $ match at each line), e.g. 'login:'." };
        var stableSeconds = new Option<double>("--stable-seconds")
        {
            Description = "For --until stable: how many seconds the screen must stay unchanged.",
            DefaultValueFactory = _ => ConsoleWaitCondition.DefaultStableSeconds,
        };
        var timeout = new Option<double>("--timeout")
        {
            Description = $"Seconds to watch the screen, counted from its first screen, before giving up with exit code {ExitCodes.WaitTimedOut} (at most {ConsoleWaitCondition.MaxSeconds}).",
            DefaultValueFactory = _ => ConsoleWaitCondition.DefaultTimeoutSeconds,
        };
        var output = new Option<string>("--output", "-o") { Description = "Also save the last screen as a PNG file." };
        var text = ConsoleTextOption();
        var command = new Command(
            "wait",
            $"Watch a server's console until the screen changes, settles or shows a text (e.g. the login prompt after a reboot); print what happened. Exit code 0 when it did, {ExitCodes.WaitTimedOut} at the timeout.")
        {
            serverId, until, pattern, stableSeconds, timeout, output, text,
        };
        command.SetAction(WithConfiguration(environment, async (parseResult, configuration, cancellationToken) =>
        {
            if (!ConsoleWaitCondition.TryCreate(
                parseResult.GetValue(until),
                parseResult.GetValue(stableSeconds),
                parseResult.GetValue(timeout),
                parseResult.GetValue(pattern),
                out var condition,
                out var problem))
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(problem.Replace("stableSeconds", "--stable-seconds", StringComparison.Ordinal).Replace("timeoutSeconds", "--timeout", StringComparison.Ordinal)).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            return await WaitCommand.RunAsync(
                configuration,
                parseResult.GetRequiredValue(serverId),
                condition,
                parseResult.GetValue(output),
                parseResult.GetValue(text),
                parseResult.InvocationConfiguration.Output,
                parseResult.InvocationConfiguration.Error,
                cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private static Option<bool> ConsoleTextOption() => new("--text")
    {
        Description = "Print the console's exact text on stdout (text consoles in a known font), or say on stderr that none was recognised.",
    };

    private Command BuildDemoCommand(IReadOnlyDictionary<string, string?> environment)
    {
        var outputDirectory = new Option<string>("--output-dir", "-o")
        {
            Description = "Folder for the screenshots.",
            DefaultValueFactory = _ => "ovh-ikvm-demo",
        };
        var command = new Command("demo", "Try it now: screenshot a simulated fleet (kernel panic, GRUB, login prompt...) through the real pipeline, no OVH account needed.")
        {
            outputDirectory,
        };
        command.SetAction(WithConfiguration(environment, (parseResult, configuration, cancellationToken) => DemoCommand.RunAsync(
            configuration,
            parseResult.GetRequiredValue(outputDirectory),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken)));
        return command;
    }

    private Command BuildDoctorCommand(IReadOnlyDictionary<string, string?> environment)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON document ({ok, failures, warnings, checks: [{check, status, detail}]}) for scripts and CI." };
        var command = new Command(
            "doctor",
            "Check the OVH setup: API and clock, consumer key state and access rules, each server's HTML5 KVM, the allowed IP; the targets file, and the certificate fingerprint of each AMI BMC in it. Exit code 0 when nothing failed.")
        {
            json,
        };
        command.SetAction(WithConfiguration(environment, (parseResult, configuration, cancellationToken) => DoctorCommand.RunAsync(
            configuration,
            parseResult.GetValue(json),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken)));
        return command;
    }

    private Command BuildCredentialsCommand(IReadOnlyDictionary<string, string?> environment)
    {
        var redirect = new Option<string>("--redirect") { Description = "Where OVH sends the browser after the key is approved (default: OVH's own page).", HelpName = "url" };
        var command = new Command(
            "credentials",
            "Request an OVH consumer key with the minimal access rules (needs only the application key) and print its validation URL.") { redirect };
        command.SetAction(WithConfiguration(environment, (parseResult, configuration, cancellationToken) => CredentialsCommand.RunAsync(
            configuration,
            parseResult.GetValue(redirect),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken)));
        return command;
    }

    /// <summary>
    /// Resolves the settings, then runs the command, or refuses to with a usage error when a setting is unusable: a
    /// misspelt log level must not quietly become the default.
    /// </summary>
    private Func<ParseResult, CancellationToken, Task<int>> WithConfiguration(
        IReadOnlyDictionary<string, string?> environment,
        Func<ParseResult, ToolConfiguration, CancellationToken, Task<int>> run) =>
        async (parseResult, cancellationToken) =>
        {
            var configuration = Configuration(parseResult, environment);
            if (configuration.UsageProblem is { } problem)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(problem).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            return await run(parseResult, configuration, cancellationToken).ConfigureAwait(false);
        };

    public ToolConfiguration Configuration(ParseResult parseResult, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        // A switch that is absent says nothing, so its environment variable still counts.
        var flags = _settingOptions.ToDictionary(
            pair => pair.Key,
            pair => pair.Value is Option<bool> flag
                ? (parseResult.GetValue(flag) ? "true" : null)
                : parseResult.GetValue((Option<string>)pair.Value));
        return ToolConfiguration.Resolve(flags, environment);
    }
}
