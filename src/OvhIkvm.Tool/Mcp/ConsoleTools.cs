using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OvhIkvm.Imaging.Rendering;
using OvhIkvm.Consoles;
using OvhIkvm.Tool.Consoles;
using OvhIkvm.Tool.Screenshots;
using OvhIkvm.Tool.Watching;

namespace OvhIkvm.Tool.Mcp;

/// <summary>The MCP tools. Thin by design: they translate between MCP and the screenshot pipeline.</summary>
[McpServerToolType]
internal sealed class ConsoleTools(
    IConsoleDirectory directory,
    IScreenshotService screenshots,
    IScreenshotRenderer renderer,
    ScreenshotResults results,
    ConsoleWaiter waiter,
    ToolCalls calls)
{
    public const string ListServersName = "list_servers";
    public const string GetScreenshotName = "get_screenshot";
    public const string WaitForConsoleName = "wait_for_console";

    private const string ServerIdDescription = "Server id from list_servers (for OVH, the service name, e.g. 'ns1234567.ip-1-2-3.eu').";

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
        [Description(ServerIdDescription)] string serverId,
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

    [McpServerTool(Name = WaitForConsoleName, Title = "Wait for a server console", ReadOnly = true, Idempotent = false, OpenWorld = true)]
    [Description(
        "Watch a bare-metal server's console until something happens, instead of taking screenshot after screenshot: " +
        "until=change returns at the first change of the screen, until=stable once nothing has changed for stableSeconds " +
        "(a boot that settled), until=text once the console text (as get_screenshot reads it) matches pattern, a regular " +
        "expression without backtracking (e.g. 'login:' or 'Kernel panic'). It holds one console session while it waits " +
        "(get_screenshot calls for the same server meanwhile share it) and reports progress. It returns first one sentence " +
        "saying what happened and when (\"matched 'login:' after 41.2 s\"); a timeout is an answer, not an error " +
        "(\"no match for 'login:' in 60 s; the screen last changed at 10:42:13 UTC\"); then the last screen as " +
        "get_screenshot returns it: the image and, for a text console, its exact text. Opening the console first may take " +
        "as long as get_screenshot's first capture; timeoutSeconds counts from the first screen. It never types or " +
        "changes power state: reboot from the OVH panel, then wait here.")]
    public async Task<CallToolResult> WaitForConsoleAsync(
        [Description(ServerIdDescription)] string serverId,
        [Description("What to wait for: 'change' (anything on the screen changes), 'stable' (nothing changes for stableSeconds) or 'text' (the console text matches pattern).")]
        [AllowedValues(ConsoleWaitCondition.ChangeName, ConsoleWaitCondition.StableName, ConsoleWaitCondition.TextName)]
        string until,
        IProgress<ProgressNotificationValue> progress,
        [Description("For until=text: a regular expression (.NET syntax, evaluated without backtracking, case-sensitive, ^ and $ match at each line) the console text must match, e.g. 'login:$'.")]
        string? pattern = null,
        [Description("For until=stable: how many seconds the screen must stay unchanged. Default 3.")]
        [Range(ConsoleWaitCondition.MinSeconds, ConsoleWaitCondition.MaxSeconds)]
        double stableSeconds = ConsoleWaitCondition.DefaultStableSeconds,
        [Description("How many seconds to watch the screen before answering that the condition was not met. Default 60, at most 600.")]
        [Range(ConsoleWaitCondition.MinSeconds, ConsoleWaitCondition.MaxSeconds)]
        double timeoutSeconds = ConsoleWaitCondition.DefaultTimeoutSeconds,
        CancellationToken cancellationToken = default)
    {
        if (!ConsoleWaitCondition.TryCreate(until, stableSeconds, timeoutSeconds, pattern, out var condition, out var problem))
        {
            throw new ConsoleException($"{WaitForConsoleName}: {problem}");
        }

        using var call = calls.StartWaiting($"opening the console of {serverId}", condition.Timeout, progress, cancellationToken);
        try
        {
            var outcome = await waiter.WaitAsync(serverId, condition, calls.Options.CallTimeout, call, call.Token).ConfigureAwait(false);
            var screenshot = Screenshot.Render(serverId, outcome.Screen, renderer, raw: false);
            var result = results.From(screenshot, raw: false);
            result.Content.Insert(0, new TextContentBlock { Text = outcome.Sentence });
            return result;
        }
        catch (OperationCanceledException ex) when (call.Expired)
        {
            throw new ConsoleException($"{WaitForConsoleName} gave up on {serverId} after {call.DescribeLimit()} ({call.Stage}): the console answers too slowly; try again, and check the BMC if it persists.", ex);
        }
    }
}
