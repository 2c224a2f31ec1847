using System.Text.RegularExpressions;
using System.Web;
using OvhIkvm.Kvm.Ami.Web;
using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Sessions;

/// <summary>
/// Decides from a viewer page (fetched once, redirects not followed) whether it is an AMI viewer or a noVNC viewer.
/// The evidence is what each viewer cannot do without: AMI's session cookie, CSRF token or KVM token API; noVNC's
/// RFB client or websockify path. When neither shows, the description says what was seen instead.
/// </summary>
internal static partial class ViewerPageClassifier
{
    public static ViewerPageClassification Classify(ViewerPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var response = page.Response;
        var body = response.Body;

        var amiEvidence =
            BmcCredentialParser.FindCookie(response.SetCookies, BmcCredentialParser.SessionCookieName) is not null ? "a QSESSIONID cookie"
            : Contains(body, "/api/kvm/token") ? "the /api/kvm/token API"
            : BmcCredentialParser.FindCsrfToken(body) is not null ? "a garc CSRF token"
            : Contains(body, "QSESSIONID") ? "a QSESSIONID script"
            : IsViewerHtmlRedirect(response.Location) ? "a redirect to viewer.html"
            : null;
        if (amiEvidence is not null)
        {
            return new ViewerPageClassification.Ami(amiEvidence);
        }

        var noVncEvidence =
            Contains(body, "noVNC") ? "the noVNC client"
            : Contains(body, "websockify") ? "a websockify path"
            : Contains(body, "vnc.html") || Contains(body, "vnc_lite.html") ? "a noVNC page link"
            : null;
        if (noVncEvidence is not null)
        {
            return NoVncEndpoint(page.Address) is { } endpoint
                ? new ViewerPageClassification.NoVnc(endpoint, noVncEvidence)
                : new ViewerPageClassification.Misdirected(
                    $"The noVNC viewer page of {page.Host} points its console connection at another host; only the host the page came from is used, so request a console access whose viewer stays on its own host.");
        }

        return new ViewerPageClassification.Unrecognised(Describe(page), IsRefusal(page.Response.StatusCode));
    }

    /// <summary>
    /// noVNC takes its websockify address from the page's query (host, port, path; "websockify" by default). The
    /// host may only repeat the page's own; null when it names another.
    /// </summary>
    private static VncEndpoint? NoVncEndpoint(Uri address)
    {
        var query = HttpUtility.ParseQueryString(address.Query);
        if (query["host"] is { Length: > 0 } named && !IsSameHost(named, address))
        {
            return null;
        }

        var secure = address.Scheme == Uri.UriSchemeHttps || query["encrypt"] is "1" or "true";
        var host = address.Host;
        var port = int.TryParse(query["port"], out var p) && p is > 0 and < 65536 ? p : address.Port;
        var path = (query["path"] is { Length: > 0 } pathValue ? pathValue : "websockify").TrimStart('/');
        var builder = new UriBuilder(secure ? "wss" : "ws", host, port, path);
        var password = query["password"];
        return new VncEndpoint(builder.Uri, string.IsNullOrEmpty(password) ? null : new Secret(password));
    }

    private static bool IsSameHost(string named, Uri address)
    {
        var bare = named.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.');
        var own = address.Host.TrimStart('[').TrimEnd(']').TrimEnd('.');
        return string.Equals(bare, own, StringComparison.OrdinalIgnoreCase)
            || string.Equals(bare, address.IdnHost.TrimStart('[').TrimEnd(']'), StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsViewerHtmlRedirect(Uri? location) =>
        location is not null && location.OriginalString.Contains("viewer.html", StringComparison.OrdinalIgnoreCase);

    private static bool Contains(string body, string marker) => body.Contains(marker, StringComparison.OrdinalIgnoreCase);

    private static bool IsRefusal(System.Net.HttpStatusCode status) => (int)status is 401 or 403 or 404 or 410;

    private static string Describe(ViewerPage page)
    {
        var response = page.Response;
        var seen = new List<string> { $"HTTP {(int)response.StatusCode}" };
        if (response.ContentType is not null)
        {
            seen.Add(response.ContentType);
        }

        seen.Add($"{response.Body.Length} characters");
        var title = TitlePattern().Match(response.Body);
        if (title.Success)
        {
            var text = WhitespacePattern().Replace(HttpUtility.HtmlDecode(title.Groups[1].Value), " ").Trim();
            seen.Add($"title \"{(text.Length > 60 ? text[..60] + "..." : text)}\"");
        }

        if (response.Location is not null)
        {
            // Only where it points, never its query: a redirect may carry the token.
            var target = response.Location.IsAbsoluteUri ? response.Location.GetLeftPart(UriPartial.Path) : response.Location.OriginalString.Split('?')[0];
            seen.Add($"redirect to {target}");
        }

        if (Contains(response.Body, "/cgi/") && Contains(response.Body, "SID"))
        {
            seen.Add("it looks like a Supermicro ATEN viewer, which is not supported");
        }

        return IsRefusal(response.StatusCode)
            ? $"The viewer page of {page.Host} refused the console access ({string.Join(", ", seen)}): the link expired or was already used; retry to get a fresh console access."
            : $"The viewer page of {page.Host} shows neither an AMI/ASRockRack KVM nor a noVNC viewer ({string.Join(", ", seen)}); the console type is not supported, or the access expired.";
    }

    [GeneratedRegex("<title[^>]*>([^<]{0,200})</title>", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex TitlePattern();

    [GeneratedRegex(@"\s+", RegexOptions.None, 1000)]
    private static partial Regex WhitespacePattern();
}
