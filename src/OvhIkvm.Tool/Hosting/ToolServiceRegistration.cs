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
using OvhIkvm.Tool.Hands;
using OvhIkvm.Tool.Mcp;
using OvhIkvm.Tool.Screenshots;
using OvhIkvm.Tool.Watching;

namespace OvhIkvm.Tool.Hosting;

/// <summary>The production registration, shared by the stdio server, the CLI commands and the in-process tests.</summary>
internal static class ToolServiceRegistration
{
    private const string ReadInstructions =
        "Use list_servers to find a server id, then get_screenshot to see its console (BIOS, boot loader, kernel " +
        "messages, login prompt). A first screenshot of a server can take minutes while console access is granted; " +
        "later ones are quick. To wait for something (a reboot reaching its login prompt, a screen that settles), call " +
        "wait_for_console once instead of taking screenshot after screenshot.";

    private const string ReadOnlyInstructions = " Screens are read-only: this server never types or changes power state.";

    private const string InputInstructions =
        " The person has allowed typing: send_keys types on a console and returns the screen after the keys. Look first, " +
        "type only what the task needs, and never type a secret the person did not give you for that purpose.";

    private const string PowerInstructions =
        " The person has allowed power actions: reboot_server hard-reboots an OVH server after the person confirms; use it " +
        "only when the person asked for a reboot.";

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
        services.TryAddSingleton<ScreenshotResults>();
        services.AddSingleton(HandsTier.From(configuration));
        services.TryAddSingleton<ScreenFollower>();
        services.TryAddSingleton<IConsoleHands, ConsoleHands>();
        services.TryAddSingleton<HandsAudit>();
        services.TryAddSingleton(ToolCallOptions.From(configuration));
        services.TryAddSingleton<ToolCalls>();
        return services;
    }

    /// <summary>
    /// Registers the MCP server with its tools; the caller adds the transport. The hands tools are registered only
    /// when <see cref="AddConsoleServices"/> found them turned on: a tool that is off is absent, not refused.
    /// </summary>
    public static IMcpServerBuilder AddConsoleMcpServer(this IServiceCollection services)
    {
        var tier = services.Select(d => d.ImplementationInstance).OfType<HandsTier>().LastOrDefault() ?? HandsTier.Off;
        var builder = services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = ToolVersion.ServerName, Title = "OVH iKVM console", Version = ToolVersion.Current };
                options.ServerInstructions = Instructions(tier);
            })
            .WithTools<ConsoleTools>()
            .WithMessageFilters(filters => filters.AddIncomingFilter(ToolCallGuard.RejectInvalidCalls))
            .WithRequestFilters(filters => filters.AddCallToolFilter(ToolCallGuard.Wrap));
        if (tier.AllowInput)
        {
            builder.WithTools<InputTools>();
        }

        if (tier.AllowPower)
        {
            builder.WithTools<PowerTools>();
        }

        return builder;
    }

    private static string Instructions(HandsTier tier) =>
        ReadInstructions + (tier.Any ? string.Empty : ReadOnlyInstructions) + (tier.AllowInput ? InputInstructions : string.Empty) + (tier.AllowPower ? PowerInstructions : string.Empty);

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
