using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Access;
using OvhIkvm.Ovh.Account;
using OvhIkvm.Ovh.Api;
using OvhIkvm.Ovh.Inventory;
using OvhIkvm.Ovh.Power;
using OvhIkvm.Ovh.Tasks;

namespace OvhIkvm.Ovh;

public static class OvhServiceCollectionExtensions
{
    /// <summary>
    /// Registers the OVH console provider (signed API client, inventory, access broker) for the given options, and
    /// <see cref="IOvhAccountChecks"/>, which diagnoses the same configuration.
    /// </summary>
    public static IServiceCollection AddOvhConsoleProvider(this IServiceCollection services, OvhOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Added, not tried: these complete options win over the key-only ones AddOvhCredentialRequests may have registered.
        services.AddSingleton(options);
        services.AddOvhApiClient();
        services.AddSingleton<OvhServerInventory>();
        services.AddSingleton<OvhTaskFollower>();
        services.AddSingleton<IpmiAccessBroker>();
        services.AddSingleton<IConsoleProvider, OvhConsoleProvider>();
        services.AddSingleton<IServerPowerControl, OvhServerPower>();
        services.AddSingleton<IOvhAccountChecks, OvhAccountChecks>();
        return services;
    }

    /// <summary>
    /// Registers <see cref="IOvhConsumerKeyRequests"/>, which needs only the application key: consumer-key creation is
    /// the one OVH call made before a consumer key exists, and is never signed. The console provider is not registered.
    /// </summary>
    public static IServiceCollection AddOvhCredentialRequests(this IServiceCollection services, OvhCredentialRequestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Tried, not added: when the console provider is registered too, its complete options stay in force.
        services.TryAddSingleton(new OvhOptions
        {
            Endpoint = options.Endpoint,
            ApplicationKey = options.ApplicationKey,
            ApplicationSecret = new Secret(string.Empty),
            ConsumerKey = new Secret(string.Empty),
            ApiBaseUrl = options.ApiBaseUrl,
        });
        services.AddOvhApiClient();
        services.TryAddSingleton<IOvhConsumerKeyRequests, OvhConsumerKeyRequests>();
        return services;
    }

    private static void AddOvhApiClient(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        if (services.Any(d => d.ServiceType == typeof(OvhApiClient)))
        {
            return;
        }

        services.AddHttpClient(OvhApiClient.HttpClientName, client =>
            {
                // Attempts are timed by the resilience pipeline; HttpClient's own timeout would cut retries short.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = OvhApiClient.MaxResponseBytes;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("ovh-ikvm-mcp");
            })
            .ConfigurePrimaryHttpMessageHandler(serviceProvider => new SocketsHttpHandler
            {
                // A redirect would carry a signed request (and its consumer key) to a host nobody configured.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                ConnectTimeout = serviceProvider.GetRequiredService<OvhOptions>().RequestTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddSingleton<OvhClock>();
        services.AddSingleton<OvhResiliencePipelines>();
        services.AddSingleton<OvhRequestGate>();
        services.AddSingleton<OvhApiClient>();
    }
}
