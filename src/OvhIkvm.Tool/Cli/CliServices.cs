using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Hosting;

namespace OvhIkvm.Tool.Cli;

/// <summary>The same services the MCP server uses, for the human-facing commands.</summary>
internal static class CliServices
{
    public static ServiceProvider Build(ToolConfiguration configuration)
    {
        // A terminal user reads the command's own output and progress; routine logs would bury them.
        var level = configuration.MinimumLogLevel < LogLevel.Information ? configuration.MinimumLogLevel : LogLevel.Warning;
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddStderrConsole(level));
        services.AddConsoleServices(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
