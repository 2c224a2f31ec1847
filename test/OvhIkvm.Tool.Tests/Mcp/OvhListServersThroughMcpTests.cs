using System.Text.Json;
using ModelContextProtocol.Protocol;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Mcp;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Mcp;

/// <summary>
/// The production registration, configured through the same settings a user sets, serving MCP over in-memory pipes
/// to a real MCP client, with the OVH API played by the simulator on loopback.
/// </summary>
public sealed class OvhListServersThroughMcpTests
{
    [Fact]
    public async Task List_servers_returns_the_simulated_accounts_servers()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(cancellationToken: ct);
        var configuration = ToolConfiguration.Resolve(
            new Dictionary<ToolSetting, string?> { [ToolSettings.ApiUrl] = simulator.BaseUrl.AbsoluteUri },
            new Dictionary<string, string?>
            {
                [ToolSettings.ApplicationKey.EnvironmentVariable] = simulator.Options.ApplicationKey,
                [ToolSettings.ApplicationSecret.EnvironmentVariable] = simulator.Options.ApplicationSecret,
                [ToolSettings.ConsumerKey.EnvironmentVariable] = simulator.Options.ConsumerKey,
            });
        await using var mcp = await InMemoryMcpServer.StartAsync(configuration: configuration);

        var result = await mcp.Client.CallToolAsync(ConsoleTools.ListServersName, cancellationToken: ct);

        Assert.NotEqual(true, result.IsError);
        var listed = JsonDocument.Parse(Assert.IsType<TextContentBlock>(result.Content[0]).Text).RootElement;
        var expected = simulator.Options.Servers.OrderBy(s => s.ServiceName, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(s => s.ServiceName), listed.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.All(listed.EnumerateArray(), s => Assert.Equal("ovh", s.GetProperty("provider").GetString()));
        Assert.Equal(
            expected.Select(s => (s.Ip, s.Datacenter, s.Html5Console)),
            listed.EnumerateArray().Select(s => (s.GetProperty("ip").GetString()!, s.GetProperty("datacenter").GetString()!, s.GetProperty("consoleAvailable").GetBoolean())));
        Assert.Contains(simulator.Requests, r => r.Path == "/dedicated/server" && r.StatusCode == 200);
    }
}
