using System.Security.Cryptography;
using OvhIkvm.Consoles;
using OvhIkvm.Tool.Configuration;

namespace OvhIkvm.Tool.Http;

/// <summary>Where the HTTP transport listens, which bearer token it requires and which browser origins may call it, decided before anything binds.</summary>
/// <param name="Url">The listen address (scheme http, explicit host and port).</param>
/// <param name="Token">The bearer token every MCP request must carry.</param>
/// <param name="TokenWasGenerated">True when the user set none (loopback only): it is shown to them once.</param>
/// <param name="AllowedOrigins">Browser origins allowed besides loopback ones on a loopback address, normalised as scheme://host[:port].</param>
internal sealed record HttpListenPlan(Uri Url, Secret Token, bool TokenWasGenerated, IReadOnlySet<string> AllowedOrigins)
{
    public bool IsLoopback => LoopbackHost.Is(Url.Host);

    /// <exception cref="ConsoleConfigurationException">The address or an origin is invalid, or the token is missing or too weak for a non-loopback address.</exception>
    public static HttpListenPlan Create(ToolConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[ToolSettings.HttpUrl]!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp || url.AbsolutePath != "/")
        {
            throw new ConsoleConfigurationException(
                $"{ToolSettings.HttpUrl.Flag} must look like http://127.0.0.1:3001 (plain http, host and port, no path); " +
                "put a TLS-terminating reverse proxy in front for https.");
        }

        var origins = ParseOrigins(configuration[ToolSettings.HttpAllowedOrigins]);
        var loopback = LoopbackHost.Is(url.Host);
        var token = configuration[ToolSettings.HttpToken];
        if (token is not null)
        {
            if (!loopback && !BearerTokenStrength.IsStrongEnough(token))
            {
                throw new ConsoleConfigurationException(
                    $"Refusing to serve MCP on {url.Host}, which is not a loopback address, with a bearer token of about " +
                    $"{BearerTokenStrength.EstimateBits(token):0} bits: {ToolSettings.HttpToken.EnvironmentVariable} needs at least " +
                    $"{BearerTokenStrength.RequiredBits} bits, e.g. the output of `openssl rand -hex 32`.");
            }

            return new HttpListenPlan(url, new Secret(token), TokenWasGenerated: false, origins);
        }

        if (!loopback)
        {
            throw new ConsoleConfigurationException(
                $"Refusing to serve MCP on {url.Host}, which is not a loopback address, without a bearer token: " +
                $"set {ToolSettings.HttpToken.EnvironmentVariable} (or {ToolSettings.HttpToken.Flag}) to a long random value, e.g. the output of `openssl rand -hex 32`.");
        }

        return new HttpListenPlan(url, new Secret(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))), TokenWasGenerated: true, origins);
    }

    /// <summary>The form browsers send in the Origin header: lower-case scheme and host, the port only when not the default.</summary>
    public static string NormaliseOrigin(Uri origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        return origin.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }

    private static HashSet<string> ParseOrigins(string? list)
    {
        var origins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(entry, UriKind.Absolute, out var origin)
                || (origin.Scheme != Uri.UriSchemeHttp && origin.Scheme != Uri.UriSchemeHttps)
                || origin.PathAndQuery != "/" || entry.EndsWith('/') || origin.UserInfo.Length > 0)
            {
                throw new ConsoleConfigurationException(
                    $"{ToolSettings.HttpAllowedOrigins.Flag}: \"{UntrustedText.Printable(entry, 100)}\" is not an origin; write scheme://host[:port] " +
                    "with no path, e.g. https://chat.example.com, and separate several with commas.");
            }

            origins.Add(NormaliseOrigin(origin));
        }

        return origins;
    }
}
