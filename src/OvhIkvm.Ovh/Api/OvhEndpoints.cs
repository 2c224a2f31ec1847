using System.Collections.Frozen;
using OvhIkvm.Consoles;

namespace OvhIkvm.Ovh.Api;

/// <summary>The API base URLs the official OVH clients know, by name.</summary>
internal static class OvhEndpoints
{
    public const string Default = "ovh-eu";

    private static readonly FrozenDictionary<string, Uri> Known = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase)
    {
        ["ovh-eu"] = new("https://eu.api.ovh.com/1.0"),
        ["ovh-ca"] = new("https://ca.api.ovh.com/1.0"),
        ["ovh-us"] = new("https://api.us.ovhcloud.com/1.0"),
        ["kimsufi-eu"] = new("https://eu.api.kimsufi.com/1.0"),
        ["kimsufi-ca"] = new("https://ca.api.kimsufi.com/1.0"),
        ["soyoustart-eu"] = new("https://eu.api.soyoustart.com/1.0"),
        ["soyoustart-ca"] = new("https://ca.api.soyoustart.com/1.0"),
        ["eu"] = new("https://eu.api.ovh.com/1.0"),
        ["ca"] = new("https://ca.api.ovh.com/1.0"),
        ["us"] = new("https://api.us.ovhcloud.com/1.0"),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<string> Names => Known.Keys;

    /// <summary>The base URL requests go to (and are signed for), without a trailing slash.</summary>
    /// <exception cref="ConsoleConfigurationException">The endpoint name is unknown or the override is not an absolute http(s) URL.</exception>
    public static Uri Resolve(OvhOptions options)
    {
        if (options.ApiBaseUrl is { } custom)
        {
            if (!custom.IsAbsoluteUri || (custom.Scheme != Uri.UriSchemeHttps && custom.Scheme != Uri.UriSchemeHttp)
                || !string.IsNullOrEmpty(custom.Query) || !string.IsNullOrEmpty(custom.Fragment))
            {
                throw new ConsoleConfigurationException(
                    "The OVH API URL override must be an absolute http(s) URL without query, such as https://eu.api.ovh.com/1.0.");
            }

            return custom;
        }

        var name = string.IsNullOrWhiteSpace(options.Endpoint) ? Default : options.Endpoint.Trim();
        return Known.TryGetValue(name, out var url)
            ? url
            : throw new ConsoleConfigurationException(
                $"Unknown OVH endpoint '{OvhOptions.Truncate(name)}'; set OVH_ENDPOINT to one of {string.Join(", ", Known.Keys.Order(StringComparer.Ordinal))}.");
    }
}
