using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OvhIkvm.Imaging.Rendering;
using OvhIkvm.Imaging.Text;
using OvhIkvm.Kvm;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Consoles;
using OvhIkvm.Tool.Consoles.DirectTargets;
using OvhIkvm.Tool.Mcp;
using OvhIkvm.Tool.Screenshots;
using OvhIkvm.Tool.Watching;

namespace OvhIkvm.Tool.Hosting;

/// <summary>The production registration, shared by the stdio server, the CLI commands and the in-process tests.</summary>
internal static class ToolServiceRegistration
{
    private const string Instructions =
        "Use list_servers to find a server id, then get_screenshot to see its console (BIOS, boot loader, kernel " +
        "messages, login prompt). A first screenshot of a server can take minutes while console access is granted; " +
        "later ones are quick. To wait for something (a reboot reaching its login prompt, a screen that settles), call " +
        "wait_for_console once instead of taking screenshot after screenshot. Screens are read-only: this server never " +
        "types or changes power state.";

    /// <summary>Registers providers, the KVM layer, imaging and the screenshot pipeline.</summary>
    public static IServiceCollection AddConsoleServices(this IServiceCollection services, ToolConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        var targetsFile = configuration[ToolSettings.Targets] is { } file ? Path.GetFullPath(file) : null;
        if (configuration.DemoAccount is not { } ovh)
        {
            services.AddOvhProvider(configuration, otherProvidersConfigured: targetsFile is not null);
        }
        else
        {
            services.AddOvhConsoleProvider(ovh);
        }

        if (targetsFile is not null)
        {
            services.AddSingleton<IConsoleProvider>(new DirectTargetsProvider(() => DirectTargetsLoader.Load(targetsFile, configuration.Environment)));
        }

        services.AddKvmSessions();
        services.TryAddSingleton<IScreenshotRenderer, ScreenshotRenderer>();
        services.TryAddSingleton(_ => new ConsoleTextRecognizer());
        services.TryAddSingleton<IConsoleDirectory, ConsoleDirectory>();
        services.TryAddSingleton<HeldConsoles>();
        services.TryAddSingleton<ConsoleWaiter>();
        services.TryAddSingleton<IScreenshotService, ScreenshotService>();
        services.TryAddSingleton(ToolCallOptions.From(configuration));
        services.TryAddSingleton<ToolCalls>();
        return services;
    }

    /// <summary>Registers the MCP server with its tools; the caller adds the transport.</summary>
    public static IMcpServerBuilder AddConsoleMcpServer(this IServiceCollection services) =>
        services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = ToolVersion.ServerName, Title = "OVH iKVM console", Version = ToolVersion.Current };
                options.ServerInstructions = Instructions;
            })
            .WithTools<ConsoleTools>()
            .WithMessageFilters(filters => filters.AddIncomingFilter(ToolCallGuard.RejectInvalidCalls))
            .WithRequestFilters(filters => filters.AddCallToolFilter(ToolCallGuard.Wrap));

    /// <summary>Serves MCP on stdin/stdout through <see cref="GuardedStdioTransport"/> instead of the SDK's plain stdio transport.</summary>
    public static IMcpServerBuilder WithGuardedStdioServerTransport(this IMcpServerBuilder builder)
    {
        builder.WithStdioServerTransport();
        builder.Services.Replace(ServiceDescriptor.Singleton<ITransport>(services => new GuardedStdioTransport(
            Console.OpenStandardInput(),
            new BufferedStream(Console.OpenStandardOutput()),
            services.GetRequiredService<IOptions<McpServerOptions>>().Value.ServerInfo?.Name ?? ToolVersion.ServerName,
            services.GetRequiredService<ILoggerFactory>())));
        return builder;
    }
}
