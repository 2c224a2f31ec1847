using System.Net;
using System.Net.Sockets;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Api;

namespace OvhIkvm.Ovh;

/// <summary>How to reach the OVH API and how patiently to broker console access. A class, not a record: a record's generated ToString would print every member.</summary>
public sealed class OvhOptions
{
    private readonly Lazy<string?> _problem;

    public OvhOptions() => _problem = new Lazy<string?>(FindProblem);

    /// <summary>The TTL values OVH accepts for an IPMI access, in minutes (dedicated.server.CacheTTLEnum).</summary>
    public static IReadOnlyList<int> SupportedAccessTtlMinutes { get; } = [1, 3, 5, 10, 15];

    /// <summary>An endpoint name (ovh-eu, ovh-ca, ovh-us, kimsufi-eu, ... or the aliases eu, ca, us).</summary>
    public required string Endpoint { get; init; }

    public required string ApplicationKey { get; init; }

    public required Secret ApplicationSecret { get; init; }

    public required Secret ConsumerKey { get; init; }

    /// <summary>
    /// Replaces the endpoint's base URL (for example <c>https://gateway.example/1.0</c> or the simulator's address).
    /// Requests are signed for this URL, so it must be the address the API itself sees.
    /// </summary>
    public Uri? ApiBaseUrl { get; init; }

    /// <summary>
    /// The public IPv4 address allowed to open the console. When null, OVH is asked which address this machine has
    /// (<c>POST /me/geolocation</c>, as the control panel does), which is right when this machine opens the console.
    /// </summary>
    public string? AllowedIp { get; init; }

    /// <summary>How long a console access stays valid; OVH accepts 1, 3, 5, 10 or 15 minutes.</summary>
    public TimeSpan AccessTtl { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A grant is renewed this long before OVH says it expires, so that a session never starts on a dying grant.</summary>
    public TimeSpan GrantRenewalMargin { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the access task is polled. OVH's control panel polls every 5 s.</summary>
    public TimeSpan TaskPollInterval { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>How long one grant may take, from the access request to the viewer URL.</summary>
    public TimeSpan GrantTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one HTTP attempt may take, including reading the body.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after a 429, a 5xx, a timeout or a network error (only where repeating the call is safe).</summary>
    public int MaxRetryAttempts { get; init; } = 4;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest single wait between retries, including a server's Retry-After.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the server list is reused before OVH is asked again (one call: the list of names).</summary>
    public TimeSpan InventoryCacheDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a server's details and IPMI features are reused: they rarely change, and re-reading them costs two calls
    /// per server. A server that appears in the list is described at once.
    /// </summary>
    public TimeSpan ServerDetailsCacheDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The sustained rate of OVH calls this process allows itself (OVH's fair use: about 60 a minute per consumer key).</summary>
    public int RequestsPerMinute { get; init; } = 60;

    /// <summary>How many calls may go at once above the sustained rate, so that a first listing of a large account is not held back.</summary>
    public int RequestBurst { get; init; } = 120;

    /// <summary>How many servers are described at once while listing (OVH asks for fair use, about 60 calls a minute).</summary>
    public int InventoryConcurrency { get; init; } = 4;

    public override string ToString() =>
        ApiBaseUrl is null
            ? $"OVH API {Endpoint} (application {ApplicationKey})"
            : $"OVH API at {ApiBaseUrl.GetLeftPart(UriPartial.Authority)} (application {ApplicationKey})";

    /// <summary>
    /// Throws the configuration problem, if any, as one clear sentence, so that a typo surfaces before any HTTP call.
    /// The options are immutable once built, so they are checked once and every later call reuses the verdict.
    /// </summary>
    /// <exception cref="ConsoleConfigurationException">A value is missing or out of range.</exception>
    internal void Validate()
    {
        if (_problem.Value is { } problem)
        {
            throw new ConsoleConfigurationException(problem);
        }
    }

    private string? FindProblem()
    {
        try
        {
            _ = OvhEndpoints.Resolve(this);
        }
        catch (ConsoleConfigurationException ex)
        {
            return ex.Message;
        }

        if (string.IsNullOrWhiteSpace(ApplicationKey) || ApplicationSecret.IsEmpty || ConsumerKey.IsEmpty)
        {
            return "OVH credentials are incomplete: set OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY.";
        }

        if (AllowedIp is not null && !IsPublicIpv4Syntax(AllowedIp))
        {
            return $"The allowed IP '{Truncate(AllowedIp)}' is not an IPv4 address; OVH only accepts an IPv4 address in ipToAllow.";
        }

        var ttlMinutes = AccessTtl.TotalMinutes;
        if (!SupportedAccessTtlMinutes.Any(m => m == ttlMinutes))
        {
            return $"The console access TTL must be one of {string.Join(", ", SupportedAccessTtlMinutes)} minutes (OVH accepts no other value).";
        }

        if (TaskPollInterval <= TimeSpan.Zero || GrantTimeout <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero
            || MaxRetryAttempts < 0 || InventoryConcurrency < 1 || RequestsPerMinute < 1 || RequestBurst < 1
            || InventoryCacheDuration < TimeSpan.Zero || ServerDetailsCacheDuration < TimeSpan.Zero || GrantRenewalMargin < TimeSpan.Zero || GrantRenewalMargin >= AccessTtl)
        {
            return "The OVH timing options are out of range: intervals and timeouts must be positive, and the renewal margin shorter than the access TTL.";
        }

        return null;
    }

    internal static bool IsPublicIpv4Syntax(string value) =>
        IPAddress.TryParse(value, out var address)
        && address.AddressFamily == AddressFamily.InterNetwork
        && string.Equals(address.ToString(), value, StringComparison.Ordinal);

    internal static string Truncate(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "...");
}
