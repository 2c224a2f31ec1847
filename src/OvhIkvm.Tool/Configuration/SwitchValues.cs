using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Configuration;

/// <summary>
/// The values an on/off setting accepts. Anything else is a usage error: OVH_IKVM_ALLOW_POWER=yes-please must not
/// be guessed at in either direction.
/// </summary>
internal static class SwitchValues
{
    public static bool TryParse(string value, out bool on)
    {
        ArgumentNullException.ThrowIfNull(value);
        (var known, on) = value.ToUpperInvariant() switch
        {
            "TRUE" or "1" or "YES" or "ON" => (true, true),
            "FALSE" or "0" or "NO" or "OFF" => (true, false),
            _ => (false, false),
        };
        return known;
    }

    public static string Problem(string source, string value) =>
        $"{source} '{UntrustedText.Printable(value, 64)}' is not on or off; use true or false.";
}
