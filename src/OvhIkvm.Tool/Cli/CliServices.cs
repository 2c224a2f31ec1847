using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Hosting;

namespace OvhIkvm.Tool.Cli;

/// <summary>The same services the MCP server uses, for the human-facing commands.</summary>
internal static class CliServices
{
    public static Task<ServiceProvider> BuildAsync(ToolConfiguration configuration, CancellationToken cancellationToken) =>
        BuildAsync(configuration, services => services.AddConsoleServices(configuration), cancellationToken);

    /// <summary>
    /// A container with the CLI's logging and only the services <paramref name="register"/> adds, its options
    /// validated as a host would validate them on start.
    /// </summary>
    public static async Task<ServiceProvider> BuildAsync(ToolConfiguration configuration, Action<IServiceCollection> register, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(register);

        // A terminal user reads the command's own output and progress; routine logs would bury them.
        var level = configuration.MinimumLogLevel < LogLevel.Information ? configuration.MinimumLogLevel : LogLevel.Warning;
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddStderrConsole(level));
        register(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        try
        {
            // No host runs here to honour ValidateOnStart, so the checks a host would make on start run now, once.
            if (provider.GetService<IAsyncStartupValidator>() is { } validator)
            {
                await validator.ValidateAsync(cancellationToken).ConfigureAwait(false);
            }

            return provider;
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
