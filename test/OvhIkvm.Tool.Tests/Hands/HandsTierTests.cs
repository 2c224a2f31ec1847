using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Tests.Reliability;
using OvhIkvm.Tool.Tests.Support;
using OvhIkvm.Tool.Tests.Watching;

namespace OvhIkvm.Tool.Tests.Hands;

/// <summary>
/// The hands tier through a real MCP client, against the simulated OVH account and its BMCs (which check every
/// keyboard report): off unless turned on, confirmed where it acts on the whole machine, and audited.
/// </summary>
public sealed class HandsTierTests
{
    private static readonly Dictionary<ToolSetting, string?> AllowInput = new() { [ToolSettings.AllowInput] = "true" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Off_by_default_the_tools_are_absent_and_a_call_by_name_is_refused()
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        await using var mcp = await InMemoryMcpServer.StartAsync(configuration: fleet.Configuration());

        var tools = await mcp.Client.ListToolsAsync(cancellationToken: Ct);
        var sendKeys = await Assert.ThrowsAsync<McpProtocolException>(() => mcp.Client.CallToolAsync(
            "send_keys", new Dictionary<string, object?> { ["serverId"] = ReliabilityFleet.ServerId(1), ["keys"] = "Enter" }, cancellationToken: Ct).AsTask());
        var reboot = await Assert.ThrowsAsync<McpProtocolException>(() => mcp.Client.CallToolAsync(
            "reboot_server", new Dictionary<string, object?> { ["serverId"] = ReliabilityFleet.ServerId(1) }, cancellationToken: Ct).AsTask());

        Assert.Equal(["get_screenshot", "list_servers", "wait_for_console"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Contains("There is no tool named 'send_keys'", sendKeys.Message, StringComparison.Ordinal);
        Assert.Contains("There is no tool named 'reboot_server'", reboot.Message, StringComparison.Ordinal);
        Assert.Equal(0, fleet.BmcOf(ReliabilityFleet.ServerId(1)).Keyboard.Reports);
        Assert.Contains("read-only", mcp.Client.ServerInstructions, StringComparison.Ordinal);
        Assert.DoesNotContain("send_keys", mcp.Client.ServerInstructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allowed_input_lists_send_keys_as_destructive_and_says_so_in_the_instructions()
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        await using var mcp = await InMemoryMcpServer.StartAsync(configuration: fleet.Configuration(AllowInput));

        var tools = (await mcp.Client.ListToolsAsync(cancellationToken: Ct)).ToDictionary(t => t.Name);

        Assert.Equal(["get_screenshot", "list_servers", "send_keys", "wait_for_console"], tools.Keys.Order(StringComparer.Ordinal));
        var annotations = tools["send_keys"].ProtocolTool.Annotations;
        Assert.True(annotations?.DestructiveHint);
        Assert.False(annotations?.ReadOnlyHint);
        Assert.Contains("send_keys", mcp.Client.ServerInstructions, StringComparison.Ordinal);
        Assert.DoesNotContain("reboot_server", mcp.Client.ServerInstructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typed_text_reaches_the_bmc_keyboard_and_the_audit_shows_its_length_only()
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        var serverId = ReliabilityFleet.ServerId(1);
        await using var mcp = await InMemoryMcpServer.StartAsync(configuration: fleet.Configuration(AllowInput), client: o => o.ClientInfo = new Implementation { Name = "audit-client", Version = "1" });

        var result = await mcp.Client.CallToolAsync(
            "send_keys",
            new Dictionary<string, object?> { ["serverId"] = serverId, ["text"] = "hunter2", ["keys"] = "Enter" },
            cancellationToken: Ct);

        Assert.NotEqual(true, result.IsError);
        Assert.IsType<ImageContentBlock>(result.Content[0]);
        var bmc = fleet.BmcOf(serverId);
        Assert.Empty(bmc.Keyboard.Violations);
        Assert.True(bmc.Keyboard.NothingPressed);
        Assert.Equal([0x0b, 0x18, 0x11, 0x17, 0x08, 0x15, 0x1f, 0x28], bmc.Keyboard.Presses.Select(p => (int)p.Usage));
        var audit = Assert.Single(mcp.Logs.Lines, l => l.Contains("AUDIT send_keys on " + serverId + " for audit-client", StringComparison.Ordinal));
        Assert.Contains("text of 7 characters (not shown) then keys Enter", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(mcp.Logs.Lines, l => l.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_layout_argument_types_for_the_servers_layout_and_the_audit_names_it()
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        var serverId = ReliabilityFleet.ServerId(1);
        await using var mcp = await InMemoryMcpServer.StartAsync(configuration: fleet.Configuration(AllowInput));

        var result = await mcp.Client.CallToolAsync(
            "send_keys",
            new Dictionary<string, object?> { ["serverId"] = serverId, ["text"] = "a@", ["keys"] = "Ctrl+a", ["layout"] = "fr" },
            cancellationToken: Ct);

        Assert.NotEqual(true, result.IsError);
        var bmc = fleet.BmcOf(serverId);
        Assert.Empty(bmc.Keyboard.Violations);
        Assert.True(bmc.Keyboard.NothingPressed);

        // AZERTY a is the US Q key (0x14), @ is AltGr (Right Alt, 0x40) + 0 (0x27); Ctrl+a is Ctrl and that Q key.
        Assert.Equal([new BmcKeyPress(0, 0x14), new BmcKeyPress(0x40, 0x27), new BmcKeyPress(0x01, 0x14)], bmc.Keyboard.Presses);
        Assert.Contains(mcp.Logs.Lines, l => l.Contains("text of 2 characters (not shown) then keys Ctrl+A on the fr layout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Text_marked_not_secret_is_shown_in_the_audit()
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        await using var mcp = await InMemoryMcpServer.StartAsync(configuration: fleet.Configuration(AllowInput));

        await mcp.Client.CallToolAsync(
            "send_keys",
            new Dictionary<string, object?> { ["serverId"] = ReliabilityFleet.ServerId(1), ["text"] = "ls /", ["textIsSecret"] = false },
            cancellationToken: Ct);

        Assert.Contains(mcp.Logs.Lines, l => l.Contains("text \"ls /\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dangerous_chord_without_a_way_to_ask_needs_the_server_named_in_confirm()
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        var serverId = ReliabilityFleet.ServerId(1);
        var bmc = fleet.BmcOf(serverId);
        await using var mcp = await InMemoryMcpServer.StartAsync(configuration: fleet.Configuration(AllowInput));

        var refused = await mcp.Client.CallToolAsync(
            "send_keys", new Dictionary<string, object?> { ["serverId"] = serverId, ["keys"] = "Ctrl+Alt+Del" }, cancellationToken: Ct);
        var wrongServer = await mcp.Client.CallToolAsync(
            "send_keys", new Dictionary<string, object?> { ["serverId"] = serverId, ["keys"] = "Ctrl+Alt+Del", ["confirm"] = "ns0000000.ip-1-2-3.eu" }, cancellationToken: Ct);
        Assert.Equal(0, bmc.Keyboard.Reports);
        var confirmed = await mcp.Client.CallToolAsync(
            "send_keys", new Dictionary<string, object?> { ["serverId"] = serverId, ["keys"] = "Ctrl+Alt+Del", ["confirm"] = serverId }, cancellationToken: Ct);

        Assert.True(refused.IsError);
        Assert.Contains($"confirm set to the server id ('{serverId}')", Text(refused), StringComparison.Ordinal);
        Assert.Contains("Nothing was sent", Text(refused), StringComparison.Ordinal);
        Assert.True(wrongServer.IsError);
        Assert.NotEqual(true, confirmed.IsError);
        Assert.Equal([new BmcKeyPress(0x05, 0x4c)], bmc.Keyboard.Presses);
        Assert.True(bmc.Keyboard.NothingPressed);
    }

    [Theory]
    [InlineData("accept", true, true)]
    [InlineData("accept", false, false)]
    [InlineData("decline", false, false)]
    [InlineData("cancel", false, false)]
    public async Task A_client_that_can_ask_asks_the_person_and_only_a_yes_sends(string action, bool yes, bool sent)
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        var serverId = ReliabilityFleet.ServerId(1);
        var bmc = fleet.BmcOf(serverId);
        ElicitRequestParams? asked = null;
        await using var mcp = await InMemoryMcpServer.StartAsync(
            configuration: fleet.Configuration(AllowInput),
            client: o =>
            {
                o.Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability() };
                o.Handlers = new McpClientHandlers
                {
                    ElicitationHandler = (request, _) =>
                    {
                        asked = request;
                        return ValueTask.FromResult(new ElicitResult
                        {
                            Action = action,
                            Content = action == "accept" ? new Dictionary<string, System.Text.Json.JsonElement> { ["confirm"] = System.Text.Json.JsonSerializer.SerializeToElement(yes) } : null,
                        });
                    },
                };
            });

        // A confirm argument does not stand in for the person when the client can ask them.
        var result = await mcp.Client.CallToolAsync(
            "send_keys", new Dictionary<string, object?> { ["serverId"] = serverId, ["keys"] = "Alt+SysRq+b", ["confirm"] = serverId }, cancellationToken: Ct);

        Assert.NotNull(asked);
        Assert.Contains(serverId, asked.Message, StringComparison.Ordinal);
        Assert.Contains("Alt+SysRq+B", asked.Message, StringComparison.Ordinal);
        Assert.Equal(!sent, result.IsError == true);
        Assert.Equal(sent ? 1 : 0, bmc.Keyboard.Presses.Count(p => p.Usage == 0x05));
        Assert.True(bmc.Keyboard.NothingPressed);
    }

    [Fact]
    public async Task Harmless_keys_are_sent_without_asking()
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        var asked = false;
        await using var mcp = await InMemoryMcpServer.StartAsync(
            configuration: fleet.Configuration(AllowInput),
            client: o =>
            {
                o.Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability() };
                o.Handlers = new McpClientHandlers { ElicitationHandler = (_, _) => { asked = true; return ValueTask.FromResult(new ElicitResult { Action = "decline" }); } };
            });

        var result = await mcp.Client.CallToolAsync(
            "send_keys", new Dictionary<string, object?> { ["serverId"] = ReliabilityFleet.ServerId(1), ["keys"] = "Esc" }, cancellationToken: Ct);

        Assert.NotEqual(true, result.IsError);
        Assert.False(asked);
    }

    [Fact]
    public async Task Send_keys_during_a_wait_on_the_same_server_types_on_the_waits_session()
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        var serverId = ReliabilityFleet.ServerId(1);
        var bmc = fleet.BmcOf(serverId);
        var sessions = new KvmSessionProbe();
        await using var mcp = await InMemoryMcpServer.StartAsync(configuration: fleet.Configuration(AllowInput), decorations: sessions.Decorate);
        var progress = new ProgressWatch();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var waiting = mcp.Client.CallToolAsync(
            "wait_for_console",
            new Dictionary<string, object?> { ["serverId"] = serverId, ["until"] = "text", ["pattern"] = "never shown" },
            progress,
            cancellationToken: stop.Token).AsTask();
        await progress.HeardAsync("waiting for the console text", Ct);
        var typed = await mcp.Client.CallToolAsync(
            "send_keys", new Dictionary<string, object?> { ["serverId"] = serverId, ["keys"] = "Esc Enter" }, cancellationToken: Ct);

        Assert.NotEqual(true, typed.IsError);
        Assert.IsType<ImageContentBlock>(typed.Content[0]);
        Assert.Equal([0x29, 0x28], bmc.Keyboard.Presses.Select(p => (int)p.Usage));
        Assert.Empty(bmc.Keyboard.Violations);
        Assert.Equal(1, sessions.SessionsOpened);
        Assert.Equal(1, bmc.KvmConnections);
        Assert.False(waiting.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Then_waits_after_the_keys_on_the_same_session_and_says_what_happened_first()
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        var serverId = ReliabilityFleet.ServerId(1);
        var bmc = fleet.BmcOf(serverId);
        await using var mcp = await InMemoryMcpServer.StartAsync(configuration: fleet.Configuration(AllowInput));

        var stable = await mcp.Client.CallToolAsync(
            "send_keys",
            new Dictionary<string, object?> { ["serverId"] = serverId, ["keys"] = "Enter", ["then"] = "stable", ["stableSeconds"] = 1, ["timeoutSeconds"] = 10 },
            cancellationToken: Ct);
        var unmatched = await mcp.Client.CallToolAsync(
            "send_keys",
            new Dictionary<string, object?> { ["serverId"] = serverId, ["keys"] = "Esc", ["then"] = "text", ["pattern"] = "never shown", ["timeoutSeconds"] = 1 },
            cancellationToken: Ct);

        Assert.NotEqual(true, stable.IsError);
        Assert.Matches(@"^stable for 1 s after \d+\.\d s$", Text(stable));
        Assert.IsType<ImageContentBlock>(stable.Content[1]);
        Assert.NotEqual(true, unmatched.IsError);
        Assert.StartsWith("no match for 'never shown' in 1 s; ", Text(unmatched), StringComparison.Ordinal);
        Assert.Equal([0x28, 0x29], bmc.Keyboard.Presses.Select(p => (int)p.Usage));
        Assert.Equal(2, bmc.KvmConnections);
    }

    [Theory]
    [InlineData("{\"text\":\"caf\\u00e9\"}", "'é' (U+00E9)")]
    [InlineData("{\"keys\":\"Ctrl+Nope\"}", "'Nope'")]
    [InlineData("{\"text\":\"a\",\"layout\":\"dvorak\"}", "'dvorak' is not one send_keys knows")]
    [InlineData("{\"text\":\"\u00f1\",\"layout\":\"de\"}", "German (QWERTZ) keyboard layout (de) cannot type: '\u00f1' (U+00F1)")]
    [InlineData("{}", "needs text to type or keys to press")]
    [InlineData("{\"keys\":\"Enter\",\"then\":\"soon\"}", "then must be change, stable or text")]
    [InlineData("{\"keys\":\"Enter\",\"then\":\"text\"}", "then=text needs a pattern")]
    [InlineData("{\"keys\":\"Enter\",\"pattern\":\"login:\"}", "a pattern is only used with then=text")]
    [InlineData("{\"keys\":\"Enter\",\"then\":\"change\",\"timeoutSeconds\":601}", "timeoutSeconds must be from 1 to 600")]
    public async Task Bad_keys_or_then_are_a_clear_error_and_nothing_is_sent(string arguments, string expected)
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        var serverId = ReliabilityFleet.ServerId(1);
        await using var mcp = await InMemoryMcpServer.StartAsync(configuration: fleet.Configuration(AllowInput));
        var args = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments)!;
        args["serverId"] = serverId;

        var result = await mcp.Client.CallToolAsync("send_keys", args, cancellationToken: Ct);

        Assert.True(result.IsError);
        Assert.Contains(expected, Text(result), StringComparison.Ordinal);
        Assert.Equal(0, fleet.BmcOf(serverId).Keyboard.Reports);
        Assert.Equal(0, fleet.BmcOf(serverId).KvmConnections);
    }

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(result.Content[0]).Text;
}
