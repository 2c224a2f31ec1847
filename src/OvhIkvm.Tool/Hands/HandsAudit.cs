using System.Globalization;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Input;

namespace OvhIkvm.Tool.Hands;

/// <summary>
/// The record of every write action, on stderr at Information: which server, what was sent, for which MCP client
/// (its name from the initialize request, which the client chooses, so it is shown sanitised). Typed text is shown
/// as its length unless the caller marked it not secret: it may be a password.
/// </summary>
internal sealed partial class HandsAudit(ILogger<HandsAudit> logger)
{
    public static string ClientName(McpServer server) =>
        server?.ClientInfo?.Name is { Length: > 0 } name ? UntrustedText.Printable(name, 64) : "an unnamed client";

    /// <summary>What a send_keys call sends, as the audit shows it.</summary>
    public static string Describe(string? text, bool textIsSecret, KeySequence? keys, KeyboardLayout? layout = null)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(text))
        {
            parts.Add(textIsSecret
                ? string.Create(CultureInfo.InvariantCulture, $"text of {text.Length} characters (not shown)")
                : $"text \"{UntrustedText.Printable(text, KeySequence.MaxChords)}\"");
        }

        if (keys is { IsEmpty: false })
        {
            parts.Add($"keys {string.Join(' ', keys.Chords)}");
        }

        var described = string.Join(" then ", parts);
        return layout is null || layout == KeyboardLayouts.Us ? described : $"{described} on the {layout.Name} layout";
    }

    /// <summary>Logs the refusal and returns it as the tool's error result: nothing was done.</summary>
    public CallToolResult Refuse(string action, string serverId, string reason, string client)
    {
        LogRefused(logger, action, serverId, client, reason);
        return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = reason }] };
    }

    /// <summary>Logs what is about to be done, does it, and logs how it ended (the outcome <paramref name="act"/> gives, or the failure).</summary>
    public async Task<T> RecordAsync<T>(string action, string serverId, string what, string client, Func<Task<(T Result, string Outcome)>> act)
    {
        ArgumentNullException.ThrowIfNull(act);
        LogAction(logger, action, serverId, what, client);
        try
        {
            var (result, outcome) = await act().ConfigureAwait(false);
            LogDone(logger, action, serverId, outcome);
            return result;
        }
        catch (ConsoleException ex)
        {
            LogFailed(logger, action, serverId, ex.Message);
            throw;
        }
        catch (OperationCanceledException)
        {
            LogDone(logger, action, serverId, "stopped: the call was cancelled or ran out of time");
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "AUDIT {Action} on {ServerId} for {Client}: {What}")]
    private static partial void LogAction(ILogger logger, string action, string serverId, string what, string client);

    [LoggerMessage(Level = LogLevel.Information, Message = "AUDIT {Action} on {ServerId}: {Outcome}")]
    private static partial void LogDone(ILogger logger, string action, string serverId, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "AUDIT {Action} on {ServerId}: failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string action, string serverId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "AUDIT {Action} on {ServerId} for {Client} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string action, string serverId, string client, string reason);
}
