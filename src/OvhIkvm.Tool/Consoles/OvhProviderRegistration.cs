using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Kvm.Consoles;
using OvhIkvm.Ovh;
using OvhIkvm.Tool.Configuration;

namespace OvhIkvm.Tool.Consoles;

internal static class OvhProviderRegistration
{
    /// <summary>
    /// Registers the OVH provider when its credentials are complete, or a stand-in that says which are missing.
    /// A user who lists direct targets and sets no OVH credential at all does not use OVH: no stand-in then.
    /// </summary>
    public static IServiceCollection AddOvhProvider(this IServiceCollection services, ToolConfiguration configuration, bool otherProvidersConfigured)
    {
        var missing = ToolSettings.OvhCredentials.Where(s => !configuration.IsSet(s)).ToList();
        if (missing.Count == ToolSettings.OvhCredentials.Count && otherProvidersConfigured)
        {
            return services;
        }

        if (missing.Count > 0)
        {
            services.AddSingleton<IConsoleProvider>(new UnconfiguredConsoleProvider(OvhProviderName, MissingCredentialsAdvice(missing)));
            return services;
        }

        return services.AddOvhConsoleProvider(new OvhOptions
        {
            Endpoint = configuration[ToolSettings.Endpoint]!,
            ApplicationKey = configuration[ToolSettings.ApplicationKey]!,
            ApplicationSecret = new Secret(configuration[ToolSettings.ApplicationSecret]!),
            ConsumerKey = new Secret(configuration[ToolSettings.ConsumerKey]!),
        });
    }

    private const string OvhProviderName = "ovh";

    internal static string MissingCredentialsAdvice(IReadOnlyCollection<ToolSetting> missing) =>
        $"OVH credentials are not configured: set {JoinNames(missing.Select(s => s.EnvironmentVariable))} " +
        $"in the MCP client's configuration for this server (or pass {JoinNames(missing.Select(s => s.Flag))}), then restart it. " +
        "The README section \"OVH credentials\" shows how to create them with the minimal access rules.";

    private static string JoinNames(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 1 ? list[0] : $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}";
    }
}
