using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Consoles;
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
        if (NoneConfigured(configuration) && otherProvidersConfigured)
        {
            return services;
        }

        if (Problem(configuration) is { } problem)
        {
            services.AddSingleton<IConsoleProvider>(new UnconfiguredConsoleProvider(OvhProviderName, problem));
            return services;
        }

        return services.AddOvhConsoleProvider(CreateOptions(configuration));
    }

    /// <summary>One sentence saying why the OVH settings cannot be used (missing credentials, unusable tuning), or null.</summary>
    internal static string? Problem(ToolConfiguration configuration)
    {
        var missing = ToolSettings.OvhCredentials.Where(s => !configuration.IsSet(s)).ToList();
        return missing.Count > 0 ? MissingCredentialsAdvice(missing) : InvalidTuning(configuration);
    }

    /// <summary>True when none of the OVH credentials is set: the user does not use OVH at all.</summary>
    internal static bool NoneConfigured(ToolConfiguration configuration) => ToolSettings.OvhCredentials.All(s => !configuration.IsSet(s));

    /// <summary>The provider's options from the settings; call only when <see cref="Problem"/> is null.</summary>
    internal static OvhOptions CreateOptions(ToolConfiguration configuration) => new()
    {
        Endpoint = configuration[ToolSettings.Endpoint]!,
        ApplicationKey = configuration[ToolSettings.ApplicationKey]!,
        ApplicationSecret = new Secret(configuration[ToolSettings.ApplicationSecret]!),
        ConsumerKey = new Secret(configuration[ToolSettings.ConsumerKey]!),
        ApiBaseUrl = ApiBaseUrl(configuration),
        AllowedIp = configuration[ToolSettings.AllowedIp],
        AccessTtl = TimeSpan.FromMinutes(WholeNumber(configuration, ToolSettings.AccessTtl)),
        GrantTimeout = TimeSpan.FromSeconds(WholeNumber(configuration, ToolSettings.GrantTimeout)),
    };

    /// <summary>The API URL override, or null; the caller has checked that it parses.</summary>
    internal static Uri? ApiBaseUrl(ToolConfiguration configuration) =>
        configuration[ToolSettings.ApiUrl] is { } url ? new Uri(url, UriKind.Absolute) : null;

    /// <summary>One sentence for the first tuning value that cannot be used, or null; the OVH options check their own ranges.</summary>
    internal static string? InvalidTuning(ToolConfiguration configuration)
    {
        if (configuration[ToolSettings.ApiUrl] is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            return $"{ToolSettings.ApiUrl.EnvironmentVariable} must be an absolute URL such as https://eu.api.ovh.com/1.0.";
        }

        foreach (var setting in (ToolSetting[])[ToolSettings.AccessTtl, ToolSettings.GrantTimeout])
        {
            if (!int.TryParse(configuration[setting], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                return $"{setting.EnvironmentVariable} ({setting.Flag}) must be a positive whole number: {setting.Description}";
            }
        }

        return null;
    }

    private static int WholeNumber(ToolConfiguration configuration, ToolSetting setting) =>
        int.Parse(configuration[setting]!, System.Globalization.CultureInfo.InvariantCulture);

    private const string OvhProviderName = "ovh";

    internal static string MissingCredentialsAdvice(IReadOnlyCollection<ToolSetting> missing) =>
        $"OVH credentials are not configured: set {JoinNames(missing.Select(s => s.EnvironmentVariable))} " +
        $"in the MCP client's configuration for this server (or pass {JoinNames(missing.Select(s => s.Flag))}), then restart it. " +
        "`ovh-ikvm-mcp credentials` creates a consumer key with the minimal access rules, and `ovh-ikvm-mcp doctor` checks the result.";

    private static string JoinNames(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 1 ? list[0] : $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}";
    }
}
