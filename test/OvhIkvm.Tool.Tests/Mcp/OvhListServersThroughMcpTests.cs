using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Hosting;
using OvhIkvm.Tool.Mcp;

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
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConsoleServices(configuration);
        services.AddConsoleMcpServer().WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream());
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var serverRun = provider.GetRequiredService<McpServer>().RunAsync(stop.Token);

        var client = await McpClient.CreateAsync(
            new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()),
            new McpClientOptions { ProtocolVersion = "2025-06-18" },
            cancellationToken: ct);
        CallToolResult result;
        await using (client)
        {
            result = await client.CallToolAsync(ConsoleTools.ListServersName, cancellationToken: ct);
        }

        await stop.CancelAsync();
        clientToServer.Writer.Complete();
        serverToClient.Writer.Complete();
        await serverRun.ContinueWith(static _ => { }, TaskScheduler.Default);

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
