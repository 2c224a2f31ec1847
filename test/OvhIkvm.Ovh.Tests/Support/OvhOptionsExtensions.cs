using OvhIkvm.Consoles;

namespace OvhIkvm.Ovh.Tests.Support;

internal static class OvhOptionsExtensions
{
    /// <summary>A copy with some values replaced (OvhOptions is a class with init-only members, not a record).</summary>
    public static OvhOptions With(
        this OvhOptions o,
        TimeSpan? ttl = null,
        string? allowedIp = null,
        TimeSpan? grantTimeout = null,
        TimeSpan? requestTimeout = null,
        int? retries = null,
        string? applicationSecret = null,
        string? consumerKey = null,
        Uri? apiBaseUrl = null) => new()
    {
        Endpoint = o.Endpoint,
        ApiBaseUrl = apiBaseUrl ?? o.ApiBaseUrl,
        ApplicationKey = o.ApplicationKey,
        ApplicationSecret = applicationSecret is null ? o.ApplicationSecret : new Secret(applicationSecret),
        ConsumerKey = consumerKey is null ? o.ConsumerKey : new Secret(consumerKey),
        AllowedIp = allowedIp ?? o.AllowedIp,
        AccessTtl = ttl ?? o.AccessTtl,
        GrantRenewalMargin = o.GrantRenewalMargin,
        TaskPollInterval = o.TaskPollInterval,
        RetryBaseDelay = o.RetryBaseDelay,
        MaxRetryDelay = o.MaxRetryDelay,
        MaxRetryAttempts = retries ?? o.MaxRetryAttempts,
        RequestTimeout = requestTimeout ?? o.RequestTimeout,
        GrantTimeout = grantTimeout ?? o.GrantTimeout,
        InventoryCacheDuration = o.InventoryCacheDuration,
        InventoryConcurrency = o.InventoryConcurrency,
        ServerDetailsCacheDuration = o.ServerDetailsCacheDuration,
        RequestsPerMinute = o.RequestsPerMinute,
        RequestBurst = o.RequestBurst,
    };
}
