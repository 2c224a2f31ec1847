using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Hosting;

namespace OvhIkvm.Tool.Cli;

/// <summary>The same services the MCP server uses, for the human-facing commands.</summary>
internal static class CliServices
{
    public static ServiceProvider Build(ToolConfiguration configuration) =>
        Build(configuration, services => services.AddConsoleServices(configuration));

    /// <summary>A container with the CLI's logging and only the services <paramref name="register"/> adds.</summary>
    public static ServiceProvider Build(ToolConfiguration configuration, Action<IServiceCollection> register)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(register);

        // A terminal user reads the command's own output and progress; routine logs would bury them.
        var level = configuration.MinimumLogLevel < LogLevel.Information ? configuration.MinimumLogLevel : LogLevel.Warning;
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddStderrConsole(level));
        register(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
