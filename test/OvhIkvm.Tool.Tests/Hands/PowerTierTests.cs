using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Demo;
using OvhIkvm.Tool.Tests.Reliability;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Hands;

/// <summary>reboot_server through a real MCP client against the simulated OVH account (signature and access rules checked on every call) and its BMCs.</summary>
public sealed class PowerTierTests
{
    private const string RebootPost = "POST /dedicated/server/*/reboot";
    private static readonly Dictionary<ToolSetting, string?> AllowPower = new() { [ToolSettings.AllowPower] = "true" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Allowed_power_lists_reboot_server_as_destructive_and_says_so_in_the_instructions()
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        await using var mcp = await InMemoryMcpServer.StartAsync(configuration: fleet.Configuration(AllowPower));

        var tools = (await mcp.Client.ListToolsAsync(cancellationToken: Ct)).ToDictionary(t => t.Name);

        Assert.Equal(["get_screenshot", "list_servers", "reboot_server", "wait_for_console"], tools.Keys.Order(StringComparer.Ordinal));
        Assert.True(tools["reboot_server"].ProtocolTool.Annotations?.DestructiveHint);
        Assert.False(tools["reboot_server"].ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.Contains("reboot_server", mcp.Client.ServerInstructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_confirmed_reboot_follows_the_task_and_returns_the_first_screen_that_differs()
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        var serverId = ReliabilityFleet.ServerId(1);
        fleet.Rebooted = id => fleet.BmcOf(id).ScreenSource = new DemoScreenSource(DemoScreenKind.BiosPost, ReliabilityFleet.HostName(id));
        await using var mcp = await InMemoryMcpServer.StartAsync(configuration: fleet.Configuration(AllowPower), client: o => o.ClientInfo = new Implementation { Name = "sre-console", Version = "1" });

        var result = await mcp.Client.CallToolAsync(
            "reboot_server", new Dictionary<string, object?> { ["serverId"] = serverId, ["confirm"] = serverId }, cancellationToken: Ct);

        Assert.NotEqual(true, result.IsError);
        Assert.Equal([serverId], fleet.Ovh.Reboots);
        Assert.Equal(1, fleet.Ovh.Count(RebootPost));
        Assert.Contains("This is the first screen that differed", Assert.IsType<TextContentBlock>(result.Content[0]).Text, StringComparison.Ordinal);
        Assert.IsType<ImageContentBlock>(result.Content[1]);
        Assert.Contains(mcp.Logs.Lines, l => l.Contains($"AUDIT reboot_server on {serverId} for sre-console: hard reboot", StringComparison.Ordinal));
        Assert.Contains(mcp.Logs.Lines, l => l.Contains($"AUDIT reboot_server on {serverId}: OVH task", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_confirmation_nothing_is_posted()
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        var serverId = ReliabilityFleet.ServerId(1);
        await using var mcp = await InMemoryMcpServer.StartAsync(configuration: fleet.Configuration(AllowPower));

        var result = await mcp.Client.CallToolAsync("reboot_server", new Dictionary<string, object?> { ["serverId"] = serverId }, cancellationToken: Ct);

        Assert.True(result.IsError);
        Assert.Contains($"confirm set to the server id ('{serverId}')", Assert.IsType<TextContentBlock>(result.Content[0]).Text, StringComparison.Ordinal);
        Assert.Equal(0, fleet.Ovh.Count(RebootPost));
    }

    [Fact]
    public async Task A_person_who_declines_stops_the_reboot()
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        var serverId = ReliabilityFleet.ServerId(1);
        await using var mcp = await InMemoryMcpServer.StartAsync(
            configuration: fleet.Configuration(AllowPower),
            client: o =>
            {
                o.Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability() };
                o.Handlers = new McpClientHandlers { ElicitationHandler = (_, _) => ValueTask.FromResult(new ElicitResult { Action = "decline" }) };
            });

        var result = await mcp.Client.CallToolAsync(
            "reboot_server", new Dictionary<string, object?> { ["serverId"] = serverId, ["confirm"] = serverId }, cancellationToken: Ct);

        Assert.True(result.IsError);
        Assert.Contains("did not allow", Assert.IsType<TextContentBlock>(result.Content[0]).Text, StringComparison.Ordinal);
        Assert.Equal(0, fleet.Ovh.Count(RebootPost));
    }

    [Fact]
    public async Task A_direct_target_is_not_offered_a_reboot_and_the_reason_is_given()
    {
        await using var fleet = await ReliabilityFleet.StartAsync(1, Ct);
        await using var mcp = await InMemoryMcpServer.StartAsync(configuration: fleet.Configuration(AllowPower));

        var result = await mcp.Client.CallToolAsync(
            "reboot_server",
            new Dictionary<string, object?> { ["serverId"] = ReliabilityFleet.DirectTargetId, ["confirm"] = ReliabilityFleet.DirectTargetId },
            cancellationToken: Ct);

        Assert.True(result.IsError);
        Assert.Contains("reboot_server works on OVH servers only", Assert.IsType<TextContentBlock>(result.Content[0]).Text, StringComparison.Ordinal);
        Assert.Equal(0, fleet.Ovh.Count(RebootPost));
    }
}
