using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OvhIkvm.Consoles;
using OvhIkvm.Tool.Cli;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Consoles;
using OvhIkvm.Tool.Screenshots;

namespace OvhIkvm.Tool.Demo;

/// <summary>
/// <c>ovh-ikvm-mcp demo</c>: starts the simulated fleet and runs the real pipeline against it, so a newcomer sees a
/// screenshot in one command without an OVH account.
/// </summary>
internal static class DemoCommand
{
    public static async Task<int> RunAsync(ToolConfiguration configuration, string outputDirectory, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await error.WriteLineAsync("Starting the demo fleet: a simulated OVH API and one simulated AMI BMC per server, on 127.0.0.1.").ConfigureAwait(false);
        var fleet = await DemoFleet.StartAsync(NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
        await using var disposeFleet = fleet.ConfigureAwait(false);
        var services = await CliServices.BuildAsync(configuration.WithDemoAccount(fleet.Ovh), cancellationToken).ConfigureAwait(false);
        await using var disposeServices = services.ConfigureAwait(false);

        var listing = await services.GetRequiredService<IConsoleDirectory>().ListServersAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(ServersCommand.FormatTable(listing.Servers)).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);

        Directory.CreateDirectory(outputDirectory);
        var screenshots = services.GetRequiredService<IScreenshotService>();
        var results = await Task.WhenAll(listing.Servers.Where(s => s.ConsoleAvailable == true)
            .Select(s => CaptureAsync(screenshots, s.Id, outputDirectory, error, cancellationToken))).ConfigureAwait(false);
        foreach (var line in results)
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Each screenshot went through the whole pipeline: signed OVH API calls, an IPMI access task, the BMC's viewer page,").ConfigureAwait(false);
        await output.WriteLineAsync("an IVTP session over WebSocket, the ASPEED decoder and the PNG encoder. To use the fleet from an MCP client,").ConfigureAwait(false);
        await output.WriteLineAsync("start the server with: ovh-ikvm-mcp --demo").ConfigureAwait(false);
        return results.Any(r => r.StartsWith("FAILED", StringComparison.Ordinal)) ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static async Task<string> CaptureAsync(IScreenshotService screenshots, string serverId, string outputDirectory, TextWriter error, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var shot = await screenshots.CaptureAsync(serverId, raw: false, new PrefixedProgress(serverId, error), cancellationToken).ConfigureAwait(false);
            var path = Path.GetFullPath(Path.Combine(outputDirectory, $"{serverId}.png"));
            await File.WriteAllBytesAsync(path, shot.Image.Png, cancellationToken).ConfigureAwait(false);
            return $"{serverId}: {path} ({shot.Image.Width}x{shot.Image.Height}, {shot.Image.Png.Length:N0} bytes, {watch.Elapsed.TotalSeconds:0.0} s)";
        }
        catch (ConsoleException ex)
        {
            return $"FAILED {serverId}: {ex.Message}";
        }
    }

    private sealed class PrefixedProgress(string serverId, TextWriter error) : IProgress<ConsoleProgress>
    {
        private readonly StderrProgress _inner = new(error);

        public void Report(ConsoleProgress value) => _inner.Report(value with { Stage = $"{serverId}: {value.Stage}" });
    }
}
