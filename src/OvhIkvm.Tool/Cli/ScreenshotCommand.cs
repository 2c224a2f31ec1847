using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Imaging;
using OvhIkvm.Consoles;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Screenshots;

namespace OvhIkvm.Tool.Cli;

/// <summary>
/// <c>ovh-ikvm-mcp screenshot &lt;serverId&gt; [-o file.png] [--raw] [--text]</c>: the PNG get_screenshot would return,
/// written to a file, and with <c>--text</c> the console text on stdout.
/// </summary>
internal static class ScreenshotCommand
{
    public static async Task<int> RunAsync(
        ToolConfiguration configuration,
        string serverId,
        string? outputPath,
        bool raw,
        bool text,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        var services = await CliServices.BuildAsync(configuration, cancellationToken).ConfigureAwait(false);
        await using var disposeServices = services.ConfigureAwait(false);
        var screenshots = services.GetRequiredService<IScreenshotService>();
        var time = services.GetRequiredService<TimeProvider>();
        Screenshot screenshot;
        try
        {
            screenshot = await screenshots.CaptureAsync(serverId, raw, new StderrProgress(error), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConsoleException or ImageDecodeException)
        {
            await error.WriteLineAsync(UntrustedText.Printable(ex.Message, ServersCommand.ErrorLength)).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await ScreenOutput.WritePngAsync(screenshot, outputPath ?? DefaultFileName(serverId, time.GetUtcNow()), output, cancellationToken).ConfigureAwait(false);
        if (text)
        {
            await ScreenOutput.WriteTextAsync(screenshot, output, error).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    internal static string DefaultFileName(string serverId, DateTimeOffset capturedAt)
    {
        var safe = new string([.. serverId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);
        return $"{safe}-{capturedAt:yyyyMMdd-HHmmss}.png";
    }
}
