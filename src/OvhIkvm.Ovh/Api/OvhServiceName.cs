using OvhIkvm.Consoles;

namespace OvhIkvm.Ovh.Api;

/// <summary>
/// Guards the one piece of user input that goes into an OVH path. A service name such as <c>ns1234.ip-1-2-3.eu</c>
/// never needs '/', '?', '#', '%' or '..'; rejecting them keeps a crafted id from reaching another endpoint
/// (<c>x/../../me</c>) with our signature on it. Accepted names are still escaped, so the guard and the escaping
/// would each be enough on their own.
/// </summary>
internal static class OvhServiceName
{
    public const int MaxLength = 255;

    /// <summary>Returns the name, percent-escaped for a path segment, or throws before any request is made.</summary>
    /// <exception cref="ConsoleException">The name cannot be an OVH service name.</exception>
    public static string ToPathSegment(string serviceName)
    {
        if (!IsValid(serviceName))
        {
            throw new ConsoleException(
                $"'{UntrustedText.Printable(serviceName, 64)}' is not a valid OVH service name; pass one of the ids that list_servers returns (such as ns1234567.ip-1-2-3.eu).");
        }

        return Uri.EscapeDataString(serviceName);
    }

    /// <summary>
    /// Dedicated-server service names are host names, so an allowlist of ASCII letters, digits, '.', '-' and '_' loses
    /// nothing, and keeps out dot segments ("." and ".." that <see cref="Uri"/> would collapse), separators, escapes,
    /// and look-alike or direction-changing Unicode that would make an error message lie.
    /// </summary>
    public static bool IsValid(string? serviceName)
    {
        if (string.IsNullOrEmpty(serviceName) || serviceName.Length > MaxLength || serviceName == "." || serviceName.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in serviceName)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
