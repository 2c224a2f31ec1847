using System.Text.RegularExpressions;
using System.Web;

namespace OvhIkvm.Kvm.Ami.Web;

/// <summary>
/// Finds the BMC web session (QSESSIONID) and CSRF token ("garc") in what a viewer page or a login answered. The
/// sources disagree on where they live, so every known place is tried, most reliable first.
/// </summary>
internal static partial class BmcCredentialParser
{
    public const string SessionCookieName = "QSESSIONID";

    /// <summary>Set-Cookie first, then the URL's <c>?token=</c> (the page does <c>document.cookie = "QSESSIONID=" + token</c>), then the page.</summary>
    public static string? FindSessionId(IReadOnlyList<string> setCookies, Uri viewerUrl, string body)
    {
        ArgumentNullException.ThrowIfNull(viewerUrl);
        var fromCookie = FindCookie(setCookies, SessionCookieName);
        if (fromCookie is not null)
        {
            return fromCookie;
        }

        var token = HttpUtility.ParseQueryString(viewerUrl.Query)["token"];
        if (!string.IsNullOrEmpty(token))
        {
            return token;
        }

        // The ?token= test comes first because this pattern would capture the "+" of `"QSESSIONID=" + token`.
        foreach (var pattern in (ReadOnlySpan<Regex>)[CookieAssignment(), SessionInPage(), SessionIdField()])
        {
            var match = pattern.Match(body);
            if (match.Success && match.Groups[1].Value != "+")
            {
                return match.Groups[1].Value;
            }
        }

        return null;
    }

    /// <summary>The CSRF token, from a <c>"garc", "value"</c> pair or a <c>garc: "value"</c> field; null when absent.</summary>
    public static string? FindCsrfToken(string body)
    {
        foreach (var pattern in (ReadOnlySpan<Regex>)[GarcPair(), GarcField()])
        {
            var match = pattern.Match(body);
            if (match.Success)
            {
                return match.Groups[1].Value;
            }
        }

        return null;
    }

    public static string? FindCookie(IReadOnlyList<string> setCookies, string name)
    {
        ArgumentNullException.ThrowIfNull(setCookies);
        foreach (var header in setCookies)
        {
            // Some stacks fold several cookies into one header separated by ", ".
            foreach (var part in header.Split([';', ','], StringSplitOptions.TrimEntries))
            {
                if (part.Length > name.Length && part.StartsWith(name, StringComparison.Ordinal) && part[name.Length] == '=')
                {
                    var value = part[(name.Length + 1)..].Trim('"');
                    return value.Length == 0 ? null : value;
                }
            }
        }

        return null;
    }

    [GeneratedRegex("""document\.cookie\s*=\s*["']QSESSIONID=([^"'\s;+]+)""", RegexOptions.None, 1000)]
    private static partial Regex CookieAssignment();

    [GeneratedRegex("""QSESSIONID["'=\s]+["']?([^"'\s;]+)""", RegexOptions.None, 1000)]
    private static partial Regex SessionInPage();

    [GeneratedRegex("""session_id["']\s*[:=]\s*["']([^"']+)""", RegexOptions.None, 1000)]
    private static partial Regex SessionIdField();

    [GeneratedRegex("""garc['"],\s*['"]([^'"]+)['"]""", RegexOptions.None, 1000)]
    private static partial Regex GarcPair();

    [GeneratedRegex("""garc["']\s*[:=]\s*["']([^"']+)""", RegexOptions.None, 1000)]
    private static partial Regex GarcField();
}
