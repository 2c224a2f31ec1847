using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OvhIkvm.Consoles;
using OvhIkvm.Tool.Consoles;
using OvhIkvm.Tool.Screenshots;

namespace OvhIkvm.Tool.Mcp;

/// <summary>The MCP tools. Thin by design: they translate between MCP and the screenshot pipeline.</summary>
[McpServerToolType]
internal sealed class ConsoleTools(
    IConsoleDirectory directory,
    IScreenshotService screenshots,
    ScreenshotResults results,
    ToolCalls calls)
{
    public const string ListServersName = "list_servers";
    public const string GetScreenshotName = "get_screenshot";

    [McpServerTool(Name = ListServersName, Title = "List servers with a console", ReadOnly = true, Idempotent = true, OpenWorld = true)]
    [Description(
        "List the bare-metal servers whose console (iKVM/IPMI HTML5 KVM, or a directly configured VNC/BMC) this tool can show. " +
        "Returns a JSON array; each entry has id (pass it to get_screenshot), name, provider, datacenter, ip, " +
        "and consoleAvailable (false when the server offers no HTML5 KVM; null when unknown). When a provider could not " +
        "answer, its last known servers carry stale: true and listedAt, and a note follows the array; a direct target " +
        "that cannot be opened carries problem, saying why.")]
    public async Task<CallToolResult> ListServersAsync(IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken)
    {
        using var call = calls.Start("listing the servers of every provider", progress, cancellationToken);
        ServerListing listing;
        try
        {
            // At the deadline the providers still listing are stopped, and what the others listed is answered.
            listing = await directory.ListServersAsync(call.Token, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsoleException ex) when (call.Expired)
        {
            throw new ConsoleException($"{ListServersName} gave up after {call.DescribeLimit()}: {ex.Message}", ex);
        }

        var content = new List<ContentBlock>
        {
            new TextContentBlock { Text = JsonSerializer.Serialize(listing.Servers, ToolJsonContext.Default.IReadOnlyListConsoleServer) },
        };
        content.AddRange(listing.ProviderErrors.Select(error => new TextContentBlock { Text = $"Note: some servers may be missing: {error}" }));
        return new CallToolResult { Content = content };
    }

    [McpServerTool(Name = GetScreenshotName, Title = "Screenshot a server console", ReadOnly = true, Idempotent = false, OpenWorld = true)]
    [Description(
        "Capture what a bare-metal server's console shows right now (BIOS/POST, GRUB, kernel panic, installer, login prompt) " +
        "and return it as a PNG image. The first capture of a server may take 20 s to a few minutes while OVH grants console " +
        "access; later ones reuse the grant and take a few seconds. By default the image is optimised for LLM vision " +
        "(integer upscale of small text, dark consoles brightened, size kept within what clients accept); set raw=true " +
        "for the exact pixels as captured. When the screen is a text console in a known font, a text block follows the " +
        "image with its exact characters (prefer it to reading the pixels for addresses, paths and module names) and " +
        "one line saying the grid, the font and how much was recognised; graphical screens get no text block.")]
    public async Task<CallToolResult> GetScreenshotAsync(
        [Description("Server id from list_servers (for OVH, the service name, e.g. 'ns1234567.ip-1-2-3.eu').")] string serverId,
        IProgress<ProgressNotificationValue> progress,
        [Description("Return the frame exactly as captured, without upscaling or brightness adjustment. Default false.")] bool raw = false,
        CancellationToken cancellationToken = default)
    {
        using var call = calls.Start($"opening the console of {serverId}", progress, cancellationToken);
        try
        {
            var screenshot = await screenshots.CaptureAsync(serverId, raw, call, call.Token).ConfigureAwait(false);
            return results.From(screenshot, raw);
        }
        catch (OperationCanceledException ex) when (call.Expired)
        {
            throw new ConsoleException(ex is CaptureAbandonedException { AwaitingAccess: true }
                ? $"{GetScreenshotName} stopped waiting after {call.DescribeLimit()} for console access to {serverId} ({call.Stage}); " +
                  "OVH keeps working on the grant in the background, so call get_screenshot again in a minute."
                : $"{GetScreenshotName} gave up on {serverId} after {call.DescribeLimit()} ({call.Stage}): the console answers too slowly; try again, and check the BMC if it persists.",
                ex);
        }
    }
}
