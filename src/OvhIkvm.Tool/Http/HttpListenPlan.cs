using System.Net;
using System.Security.Cryptography;
using OvhIkvm.Kvm.Consoles;
using OvhIkvm.Tool.Configuration;

namespace OvhIkvm.Tool.Http;

/// <summary>Where the HTTP transport listens and which bearer token it requires, decided before anything binds.</summary>
/// <param name="Url">The listen address (scheme http, explicit host and port).</param>
/// <param name="Token">The bearer token every MCP request must carry.</param>
/// <param name="TokenWasGenerated">True when the user set none (loopback only): it is shown to them once.</param>
internal sealed record HttpListenPlan(Uri Url, Secret Token, bool TokenWasGenerated)
{
    public bool IsLoopback => IsLoopbackHost(Url.Host);

    /// <exception cref="ConsoleConfigurationException">The address is invalid, or not loopback and no token is set.</exception>
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

        var token = configuration[ToolSettings.HttpToken];
        if (token is not null)
        {
            return new HttpListenPlan(url, new Secret(token), TokenWasGenerated: false);
        }

        if (!IsLoopbackHost(url.Host))
        {
            throw new ConsoleConfigurationException(
                $"Refusing to serve MCP on {url.Host}, which is not a loopback address, without a bearer token: " +
                $"set {ToolSettings.HttpToken.EnvironmentVariable} (or {ToolSettings.HttpToken.Flag}) to a long random value.");
        }

        return new HttpListenPlan(url, new Secret(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))), TokenWasGenerated: true);
    }

    public static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
