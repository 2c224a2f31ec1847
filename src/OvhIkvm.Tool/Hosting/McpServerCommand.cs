using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OvhIkvm.Tool.Configuration;

namespace OvhIkvm.Tool.Hosting;

/// <summary>Runs the stdio MCP server until the client closes stdin or the process is asked to stop.</summary>
internal static partial class McpServerCommand
{
    public static async Task<int> RunAsync(ToolConfiguration configuration, CancellationToken cancellationToken)
    {
        // The stdio transport writes to the raw stdout stream; sending the console's text writer to stderr keeps any
        // stray console write (ours or a library's) from corrupting the JSON-RPC stream.
        Console.SetOut(Console.Error);

        using var host = Build(configuration);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(ToolVersion.ServerName);
        LogStarting(logger, ToolVersion.Current);
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Builds the stdio host (tests start it with their own overrides; the transport opens stdin only once started).</summary>
    internal static IHost Build(ToolConfiguration configuration, Action<IServiceCollection>? overrides = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = ToolVersion.ServerName,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddStderrConsole(configuration.MinimumLogLevel);
        builder.Services.AddConsoleServices(configuration);
        builder.Services.AddConsoleMcpServer().WithGuardedStdioServerTransport();
        overrides?.Invoke(builder.Services);
        return builder.Build();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ovh-ikvm-mcp {Version} serving MCP on stdio")]
    private static partial void LogStarting(ILogger logger, string version);
}
