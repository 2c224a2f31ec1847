using System.IO.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Hosting;

namespace OvhIkvm.Tool.Tests.Support;

/// <summary>
/// The production MCP registration served over in-memory pipes to a real SDK client. Overrides are registered
/// before the production services, so a substitute for any TryAdd-registered service wins; decorations run after
/// them, so a test can wrap a production service it cannot name.
/// </summary>
internal sealed class InMemoryMcpServer : IAsyncDisposable
{
    private readonly Pipe _clientToServer = new();
    private readonly Pipe _serverToClient = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ServiceProvider _services;
    private readonly Task _serverTask;

    private InMemoryMcpServer(ToolConfiguration configuration, Action<IServiceCollection>? overrides, Action<IServiceCollection>? decorations)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        overrides?.Invoke(services);
        services.AddConsoleServices(configuration);
        decorations?.Invoke(services);
        services.AddConsoleMcpServer().WithStreamServerTransport(_clientToServer.Reader.AsStream(), _serverToClient.Writer.AsStream());
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _serverTask = _services.GetRequiredService<McpServer>().RunAsync(_stop.Token);
    }

    public McpClient Client { get; private set; } = null!;

    public CapturingLoggerProvider Logs { get; } = new();

    public static ToolConfiguration EmptyConfiguration { get; } = ToolConfiguration.Resolve(
        new Dictionary<ToolSetting, string?>(),
        new Dictionary<string, string?>());

    public static async Task<InMemoryMcpServer> StartAsync(
        Action<IServiceCollection>? overrides = null,
        ToolConfiguration? configuration = null,
        string? protocolVersion = "2025-06-18",
        Action<IServiceCollection>? decorations = null,
        Action<McpClientOptions>? client = null)
    {
        var server = new InMemoryMcpServer(configuration ?? EmptyConfiguration, overrides, decorations);
        var options = new McpClientOptions
        {
            ProtocolVersion = protocolVersion,
            // The discover probe of the 2026-07-28 revision times out after 5 s by default; a loaded CI machine can exceed it.
            DiscoverProbeTimeout = TimeSpan.FromSeconds(60),
        };
        client?.Invoke(options);
        server.Client = await McpClient.CreateAsync(
            new StreamClientTransport(server._clientToServer.Writer.AsStream(), server._serverToClient.Reader.AsStream()),
            options,
            cancellationToken: TestContext.Current.CancellationToken);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _stop.CancelAsync();
        await _clientToServer.Writer.CompleteAsync();
        await _serverToClient.Writer.CompleteAsync();
        try
        {
            await _serverTask;
        }
        catch (OperationCanceledException)
        {
            // The server stops by cancellation; that is the expected end.
        }

        await _services.DisposeAsync();
        _stop.Dispose();
    }
}
