using OvhIkvm.Ovh;
using OvhIkvm.Simulators.Ovh;

namespace OvhIkvm.Tool.Tests.Support;

/// <summary>The environment of a user whose OVH account is the simulator's.</summary>
internal static class OvhEnvironment
{
    public static Dictionary<string, string?> For(OvhApiSimulator ovh, string? applicationSecret = null, string? allowedIp = "203.0.113.7")
    {
        var environment = new Dictionary<string, string?>
        {
            ["OVH_IKVM_API_URL"] = ovh.BaseUrl.AbsoluteUri,
            ["OVH_APPLICATION_KEY"] = ovh.Options.ApplicationKey,
            ["OVH_APPLICATION_SECRET"] = applicationSecret ?? ovh.Options.ApplicationSecret,
            ["OVH_CONSUMER_KEY"] = ovh.Options.ConsumerKey,
        };
        if (allowedIp is not null)
        {
            environment["OVH_IKVM_ALLOWED_IP"] = allowedIp;
        }

        return environment;
    }

    /// <summary>The environment of a user whose account is <paramref name="account"/> (e.g. the demo fleet's).</summary>
    public static Dictionary<string, string?> For(OvhOptions account) => new()
    {
        ["OVH_IKVM_API_URL"] = account.ApiBaseUrl?.AbsoluteUri,
        ["OVH_APPLICATION_KEY"] = account.ApplicationKey,
        ["OVH_APPLICATION_SECRET"] = account.ApplicationSecret.Reveal(),
        ["OVH_CONSUMER_KEY"] = account.ConsumerKey.Reveal(),
        ["OVH_IKVM_ALLOWED_IP"] = "203.0.113.7",
    };
}
