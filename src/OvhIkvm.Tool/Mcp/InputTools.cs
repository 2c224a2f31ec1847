using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Tool.Hands;
using OvhIkvm.Tool.Watching;

namespace OvhIkvm.Tool.Mcp;

/// <summary>send_keys: registered only with <c>--allow-input</c>, so a read-only server does not even list it.</summary>
[McpServerToolType]
internal sealed class InputTools(IConsoleHands hands, ScreenshotResults results, HandsAudit audit, ToolCalls calls)
{
    public const string SendKeysName = "send_keys";

    [McpServerTool(Name = SendKeysName, Title = "Type on a server console", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = true)]
    [Description(
        "Type on a bare-metal server's console, as a person at its keyboard would: answer a GRUB menu, a \"Press F1\" prompt, " +
        "an emergency shell or a login. text is typed as-is (newline = Enter) for the keyboard layout of the server's operating system, " +
        "layout (us by default; uk, fr, de, es, it, be, ch): a BMC sends key positions, so naming the wrong layout types wrong characters; characters the layout cannot type are refused before anything is sent. keys are named keys and " +
        "chords separated by spaces: Enter, Esc, Tab, Backspace, Space, Up, Down, Left, Right, Home, End, PageUp, PageDown, " +
        "Insert, Delete, F1-F12, SysRq, single characters, and chords joined with + such as Ctrl+C, Ctrl+Alt+Del or Alt+SysRq+S. " +
        "When both are given, text is typed first. At most 300 keystrokes per call. Ctrl+Alt+Del and SysRq chords act on the whole " +
        "machine and need the person's confirmation. Returns the screen once it has changed and settled (at most 5 s), with its " +
        "text when recognised, as get_screenshot does; with then, it waits after the keys as wait_for_console does (then=change, " +
        "stable or text with pattern; on the same console session) and says first what happened and when. Every call is logged with the server and the keys; typed text is logged " +
        "as its length only unless textIsSecret is false.")]
    public async Task<CallToolResult> SendKeysAsync(
        McpServer server,
        [Description("Server id from list_servers.")] string serverId,
        IProgress<ProgressNotificationValue> progress,
        [Description("Text to type as-is (printable ASCII, newline for Enter).")] string? text = null,
        [Description("Named keys and chords, separated by spaces, e.g. 'Esc Down Down Enter' or 'Ctrl+C'.")] string? keys = null,
        [Description("Treat text as secret (a password): the log shows its length only. Default true.")] bool textIsSecret = true,
        [Description("For clients that cannot ask the person: the server id again, to confirm Ctrl+Alt+Del or SysRq chords.")] string? confirm = null,
        [Description("Return the frame exactly as captured. Default false.")] bool raw = false,
        [Description("The keyboard layout of the server's operating system: us (default), uk, fr (AZERTY), de (QWERTZ), es, it, be (Belgian AZERTY) or ch (Swiss German). AltGr characters and dead keys (de ^, fr ê) are typed as that layout needs.")]
        string? layout = null,
        [Description("Optional: after the keys, wait as wait_for_console does: 'change' (the screen differs from the one before the keys), 'stable' (nothing changes for stableSeconds) or 'text' (the console text matches pattern on a screen that changed).")]
        string? then = null,
        [Description("For then=text: a regular expression (.NET syntax, without backtracking, case-sensitive, ^ and $ match at each line), e.g. 'Password:'.")]
        string? pattern = null,
        [Description("For then=stable: how many seconds the screen must stay unchanged. Default 3.")]
        double stableSeconds = ConsoleWaitCondition.DefaultStableSeconds,
        [Description("With then: how many seconds to wait after the keys before answering that the condition was not met. Default 60, at most 600.")]
        double timeoutSeconds = ConsoleWaitCondition.DefaultTimeoutSeconds,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var condition = ThenCondition(then, stableSeconds, timeoutSeconds, pattern);
        var keyboard = KeyboardLayouts.Find(layout);
        var typed = string.IsNullOrEmpty(text) ? null : KeySequenceParser.ParseText(text, keyboard);
        var named = string.IsNullOrWhiteSpace(keys) ? null : KeySequenceParser.ParseKeys(keys, keyboard);
        var sequence = Combine(typed, named);
        var client = HandsAudit.ClientName(server);
        if (sequence.DangerousChords.FirstOrDefault() is { } dangerous
            && await HandsConfirmation.RefusalAsync(server, serverId, $"press {dangerous}", confirm, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return audit.Refuse(SendKeysName, serverId, refusal, client);
        }

        using var call = condition is null
            ? calls.Start($"typing on the console of {serverId}", progress, cancellationToken)
            : calls.StartWaiting($"typing on the console of {serverId}", condition.Timeout, progress, cancellationToken);
        try
        {
            var (screenshot, outcome) = await audit.RecordAsync(
                SendKeysName,
                serverId,
                HandsAudit.Describe(text, textIsSecret, named, keyboard),
                client,
                async () => (await hands.SendKeysAsync(serverId, sequence, condition, raw, call, call.Token).ConfigureAwait(false), $"{sequence.Chords.Count} keystrokes sent")).ConfigureAwait(false);
            var result = results.From(screenshot, raw);
            if (outcome is not null)
            {
                result.Content.Insert(0, new TextContentBlock { Text = outcome });
            }

            return result;
        }
        catch (OperationCanceledException ex) when (call.Expired)
        {
            throw new ConsoleException($"{SendKeysName} gave up on {serverId} after {call.DescribeLimit()} ({call.Stage}); every key pressed was released. Look with get_screenshot before typing again.", ex);
        }
    }

    /// <summary>The wait after the keys, checked before anything is typed; null when none was asked for.</summary>
    private static ConsoleWaitCondition? ThenCondition(string? then, double stableSeconds, double timeoutSeconds, string? pattern)
    {
        if (then is null)
        {
            return pattern is null
                ? null
                : throw new ConsoleException($"{SendKeysName}: a pattern is only used with then=text.");
        }

        return ConsoleWaitCondition.TryCreate(then, stableSeconds, timeoutSeconds, pattern, out var condition, out var problem)
            ? condition
            : throw new ConsoleException($"{SendKeysName} then: {problem.Replace("until", "then", StringComparison.Ordinal)}");
    }

    private static KeySequence Combine(KeySequence? typed, KeySequence? named)
    {
        var sequence = (typed, named) switch
        {
            ({ } t, { } n) => t.Then(n),
            ({ } t, null) => t,
            (null, { } n) => n,
            _ => null,
        };
        return sequence is { IsEmpty: false }
            ? sequence
            : throw new KeySequenceException($"{SendKeysName} needs text to type or keys to press, e.g. keys='Enter' or text='root\\n'.");
    }
}
