namespace OvhIkvm.Ovh.Account;

/// <summary>
/// The one list of access rules the OVH provider needs: what <c>credentials</c> requests and what <c>doctor</c> checks.
/// <c>GET /dedicated/server/*</c> alone would cover every GET below it, but each call is listed so that a credential made
/// of narrower rules is judged call by call and a missing rule is named exactly.
/// </summary>
public static class OvhRequiredAccessRules
{
    public static IReadOnlyList<OvhRequiredAccessRule> All { get; } =
    [
        new(new("GET", "/dedicated/server"), "list the servers"),
        new(new("GET", "/dedicated/server/*"), "describe each server"),
        new(new("GET", "/dedicated/server/*/features/ipmi"), "see whether a server offers the HTML5 KVM"),
        new(new("POST", "/dedicated/server/*/features/ipmi/access"), "request console access"),
        new(new("GET", "/dedicated/server/*/features/ipmi/access"), "read the console URL"),
        new(new("GET", "/dedicated/server/*/task/*"), "follow the console access task"),
        new(new("POST", "/me/geolocation"), "find the IPv4 address to allow, unless OVH_IKVM_ALLOWED_IP is set", OnlyWithoutAllowedIp: true),
    ];

    /// <summary>What reboot_server needs besides: only requested with <c>credentials --allow-power</c>, so a read-only key cannot reboot.</summary>
    public static OvhRequiredAccessRule Reboot { get; } = new(new("POST", "/dedicated/server/*/reboot"), "reboot a server (reboot_server, with --allow-power)");

    /// <summary>The rules needed with or without a configured allowed IP, and with the power rule when power actions are wanted.</summary>
    public static IReadOnlyList<OvhRequiredAccessRule> For(bool allowedIpConfigured, bool allowPower = false) =>
        [.. All.Where(r => !(allowedIpConfigured && r.OnlyWithoutAllowedIp)), .. allowPower ? [Reboot] : Array.Empty<OvhRequiredAccessRule>()];
}
