using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OvhIkvm.Kvm.Consoles;
using OvhIkvm.Ovh.Access;
using OvhIkvm.Ovh.Api;
using OvhIkvm.Ovh.Inventory;

namespace OvhIkvm.Ovh;

public static class OvhServiceCollectionExtensions
{
    /// <summary>Registers the OVH console provider (signed API client, inventory, access broker) for the given options.</summary>
    public static IServiceCollection AddOvhConsoleProvider(this IServiceCollection services, OvhOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddHttpClient(OvhApiClient.HttpClientName, client =>
            {
                // Attempts are timed by the resilience pipeline; HttpClient's own timeout would cut retries short.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = OvhApiClient.MaxResponseBytes;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("ovh-ikvm-mcp");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect would carry a signed request (and its consumer key) to a host nobody configured.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                ConnectTimeout = options.RequestTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddSingleton<OvhClock>();
        services.AddSingleton<OvhResiliencePipelines>();
        services.AddSingleton<OvhApiClient>();
        services.AddSingleton<OvhServerInventory>();
        services.AddSingleton<IpmiAccessBroker>();
        services.AddSingleton<IConsoleProvider, OvhConsoleProvider>();
        return services;
    }
}
