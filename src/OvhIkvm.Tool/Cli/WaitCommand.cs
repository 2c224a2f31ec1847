using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Consoles;
using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Rendering;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Screenshots;
using OvhIkvm.Tool.Watching;

namespace OvhIkvm.Tool.Cli;

/// <summary>
/// <c>ovh-ikvm-mcp wait &lt;serverId&gt; --until text --pattern 'login:' [--timeout 300] [-o screen.png] [--text]</c>:
/// wait_for_console at the command line. It prints the sentence saying what happened on stdout and exits 0 when the
/// condition was met, <see cref="ExitCodes.WaitTimedOut"/> when the timeout passed first, so a script can wait for a
/// reboot with <c>if ovh-ikvm-mcp wait ...; then</c>.
/// </summary>
internal static class WaitCommand
{
    public static async Task<int> RunAsync(
        ToolConfiguration configuration,
        string serverId,
        ConsoleWaitCondition condition,
        string? outputPath,
        bool text,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var services = await CliServices.BuildAsync(configuration, cancellationToken).ConfigureAwait(false);
        await using var disposeServices = services.ConfigureAwait(false);
        var waiter = services.GetRequiredService<ConsoleWaiter>();
        ConsoleWaitOutcome outcome;
        try
        {
            // A person at a terminal stops a slow grant with Ctrl+C; as for screenshot, opening has no deadline of its own.
            outcome = await waiter.WaitAsync(serverId, condition, Timeout.InfiniteTimeSpan, new StderrProgress(error), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConsoleException or ImageDecodeException)
        {
            await error.WriteLineAsync(UntrustedText.Printable(ex.Message, ServersCommand.ErrorLength)).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await output.WriteLineAsync(outcome.Sentence).ConfigureAwait(false);
        var screenshot = Screenshot.Render(serverId, outcome.Screen, services.GetRequiredService<IScreenshotRenderer>(), raw: false);
        if (outputPath is not null)
        {
            await ScreenOutput.WritePngAsync(screenshot, outputPath, output, cancellationToken).ConfigureAwait(false);
        }

        if (text)
        {
            await ScreenOutput.WriteTextAsync(screenshot, output, error).ConfigureAwait(false);
        }

        return outcome.ConditionMet ? ExitCodes.Success : ExitCodes.WaitTimedOut;
    }
}
