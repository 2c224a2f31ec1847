using System.ComponentModel;
using System.Globalization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OvhIkvm.Consoles;
using OvhIkvm.Tool.Hands;

namespace OvhIkvm.Tool.Mcp;

/// <summary>reboot_server: registered only with <c>--allow-power</c>, and always confirmed by the person.</summary>
[McpServerToolType]
internal sealed class PowerTools(IConsoleHands hands, ScreenshotResults results, HandsAudit audit, ToolCalls calls)
{
    public const string RebootServerName = "reboot_server";

    [McpServerTool(Name = RebootServerName, Title = "Hard-reboot an OVH server", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = true)]
    [Description(
        "Hard-reboot an OVH bare-metal server (like pressing its reset button: unsaved data is lost, filesystems are not " +
        "unmounted), for a server whose console shows it hung. The person is asked to confirm first; a client that cannot " +
        "ask must pass confirm equal to the serverId after the person agreed. Follows OVH's reboot task to its end, then " +
        "returns the first console screen that differs from the one before the reboot, with its text when recognised. " +
        "OVH servers only: direct targets (VNC, BMC) are refused. Never call it twice for one reboot: OVH reboots each time.")]
    public async Task<CallToolResult> RebootServerAsync(
        McpServer server,
        [Description("Server id from list_servers (an OVH service name).")] string serverId,
        IProgress<ProgressNotificationValue> progress,
        [Description("For clients that cannot ask the person: the server id again, once the person has agreed to the reboot.")] string? confirm = null,
        [Description("Return the frame exactly as captured. Default false.")] bool raw = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var client = HandsAudit.ClientName(server);
        if (await HandsConfirmation.RefusalAsync(server, serverId, "hard-reboot the server", confirm, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return audit.Refuse(RebootServerName, serverId, refusal, client);
        }

        using var call = calls.Start($"rebooting {serverId}", progress, cancellationToken);
        try
        {
            var (reboot, screen, changed) = await audit.RecordAsync(
                RebootServerName,
                serverId,
                "hard reboot (POST /dedicated/server/{serviceName}/reboot)",
                client,
                async () =>
                {
                    var done = await hands.RebootAsync(serverId, raw, call, call.Token).ConfigureAwait(false);
                    return (done, string.Create(CultureInfo.InvariantCulture, $"OVH task {done.Reboot.TaskId} {done.Reboot.Status} after {done.Reboot.Elapsed.TotalSeconds:0} s"));
                }).ConfigureAwait(false);
            var result = results.From(screen, raw);
            result.Content.Insert(0, new TextContentBlock
            {
                Text = string.Create(
                    CultureInfo.InvariantCulture,
                    $"OVH rebooted {serverId} (task {reboot.TaskId}, {reboot.Status} after {reboot.Elapsed.TotalSeconds:0} s). ") + (changed
                    ? "This is the first screen that differed from the one before the reboot."
                    : "The screen had not changed yet when the wait ended; follow it with get_screenshot."),
            });
            return result;
        }
        catch (OperationCanceledException ex) when (call.Expired)
        {
            throw new ConsoleException(
                $"{RebootServerName} stopped waiting after {call.DescribeLimit()} ({call.Stage}); if OVH's task had started, the reboot goes on without us: do not call reboot_server again, follow the console with get_screenshot.",
                ex);
        }
    }
}
