using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OvhIkvm.Kvm.Ami.Ivtp;
using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Ami.Web;

/// <summary>
/// A logged-in web session on an AMI MegaRAC BMC: the QSESSIONID cookie and the CSRF token every REST call needs.
/// A session this tool opened with a password is always closed with <c>DELETE /api/session</c> on dispose, even after
/// a failure, because leaked sessions fill the BMC's session table and lock its users out.
/// </summary>
internal sealed partial class BmcWebSession : IAsyncDisposable
{
    private readonly BmcHttpClient _http;
    private readonly AmiSessionOptions _options;
    private readonly ILogger _logger;
    private readonly bool _ownsLogin;
    private bool _disposed;

    private BmcWebSession(BmcHttpClient http, Secret sessionId, Secret? csrfToken, bool ownsLogin, AmiSessionOptions options, ILogger logger)
    {
        _http = http;

        // Both go back to the BMC in headers of every request: checked once here, so no request can carry anything else.
        SessionId = BmcHeaderValue.Require(sessionId, "session id", http.Host);
        CsrfToken = csrfToken is null ? null : BmcHeaderValue.Require(csrfToken, "CSRF token", http.Host);
        _ownsLogin = ownsLogin;
        _options = options;
        _logger = logger;
    }

    public BmcHttpClient Http => _http;

    public Secret SessionId { get; }

    public Secret? CsrfToken { get; }

    public string Host => _http.Host;

    /// <summary>Takes over the session an OVH viewer page opened (the page belongs to OVH's grant: it is not logged out).</summary>
    /// <exception cref="ConsoleException">The page carries no session, or a session id or CSRF token that is not a plain token.</exception>
    public static BmcWebSession FromViewerPage(ViewerPage page, BmcHttpClient http, AmiSessionOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(page);
        var response = page.Response;
        var sessionId = BmcCredentialParser.FindSessionId(response.SetCookies, page.Address, response.Body)
            ?? throw new ConsoleAccessRefusedException(
                $"The viewer page of {page.Host} carries no BMC session (no QSESSIONID cookie, token parameter or script); request a new console access and retry.");
        var csrf = BmcCredentialParser.FindCsrfToken(response.Body);
        return new BmcWebSession(http, new Secret(sessionId), csrf is null ? null : new Secret(csrf), ownsLogin: false, options, logger);
    }

    /// <summary>Logs in with a user name and password (<c>POST /api/session</c>).</summary>
    public static async Task<BmcWebSession> LoginAsync(
        BmcHttpClient http, string username, Secret password, AmiSessionOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(password);
        using var request = new HttpRequestMessage(HttpMethod.Post, http.Resolve("/api/session"))
        {
            Content = new FormUrlEncodedContent([new("username", username), new("password", password.Reveal())]),
        };
        var response = await http.SendAsync(request, "the login", options.PageFetchTimeout, cancellationToken).ConfigureAwait(false);
        var sessionId = BmcCredentialParser.FindCookie(response.SetCookies, BmcCredentialParser.SessionCookieName);
        var login = LoginAnswer.Parse(response.Body);

        if (sessionId is not null && (!response.IsSuccess || login.Ok != 0))
        {
            // A half-successful login still holds a slot in the session table: give it back before failing (unless
            // its values cannot go in a header, in which case the error that follows says enough).
            var leaked = TryCreate(http, sessionId, login.CsrfToken, options, logger);
            if (leaked is not null)
            {
                await leaked.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (login.Code == 15000 || login.Error?.Contains("Maximum number of sessions", StringComparison.OrdinalIgnoreCase) == true)
        {
            throw new ConsoleException(
                $"The BMC at {http.Host} has no free web session (maximum number of sessions in use); close other BMC sessions or reset them, then retry.");
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (response.IsSuccess && login.Ok is not null and not 0))
        {
            throw new ConsoleException($"The BMC at {http.Host} rejected the login of user '{username}'; check the user name and password.");
        }

        if (!response.IsSuccess)
        {
            throw new ConsoleException($"The BMC at {http.Host} answered the login with HTTP {(int)response.StatusCode}; is this an AMI MegaRAC BMC?");
        }

        if (sessionId is null)
        {
            throw new ConsoleException($"The BMC at {http.Host} accepted the login but set no QSESSIONID cookie; this firmware is not supported.");
        }

        return new BmcWebSession(http, new Secret(sessionId), login.CsrfToken, ownsLogin: true, options, logger);
    }

    private static BmcWebSession? TryCreate(BmcHttpClient http, string sessionId, Secret? csrfToken, AmiSessionOptions options, ILogger logger)
    {
        try
        {
            return new BmcWebSession(http, new Secret(sessionId), csrfToken, ownsLogin: true, options, logger);
        }
        catch (ConsoleException)
        {
            return null;
        }
    }

    /// <summary>Opens <c>/viewer.html</c>, which some firmware needs to activate a session. Failures are ignored, as they are harmless.</summary>
    public async Task ActivateViewerAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = CreateRequest(HttpMethod.Get, "/viewer.html");
            await _http.SendAsync(request, "the viewer activation", _options.RestCallTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsoleException exception)
        {
            LogActivationFailed(_logger, Host, exception.Message);
        }
    }

    /// <summary>Fetches the single-use KVM token (<c>GET /api/kvm/token</c>); call it right before each WebSocket.</summary>
    public async Task<KvmToken> GetKvmTokenAsync(CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, "/api/kvm/token");
        var response = await _http.SendAsync(request, "the KVM token request", _options.RestCallTimeout, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new ConsoleAccessRefusedException($"The BMC at {Host} refused the KVM token (HTTP {(int)response.StatusCode}): the web session expired or lacks KVM rights; request a new console access.");
        }

        if (!response.IsSuccess)
        {
            throw new ConsoleException($"The BMC at {Host} answered the KVM token request with HTTP {(int)response.StatusCode}; is the KVM service enabled?");
        }

        try
        {
            using var json = JsonDocument.Parse(response.Body);
            var token = json.RootElement.GetProperty("token").GetString();
            var clientIp = json.RootElement.TryGetProperty("client_ip", out var ip) ? ip.GetString() : null;
            if (string.IsNullOrEmpty(token))
            {
                throw new ConsoleAccessRefusedException($"The BMC at {Host} returned an empty KVM token; request a new console access.");
            }

            return new KvmToken(BmcHeaderValue.Require(new Secret(token), "KVM token", Host, ValidationPayload.MaxTokenLength), clientIp ?? string.Empty);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ConsoleException($"The BMC at {Host} answered the KVM token request with something other than the expected JSON.", exception);
        }
    }

    /// <summary>The BMC's own IP from <c>h5viewercfg</c> (newer SP-X builds), for the long validation payload; null when unknown.</summary>
    public async Task<string?> TryGetServerIpAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = CreateRequest(HttpMethod.Get, "/api/settings/media/h5viewercfg");
            var response = await _http.SendAsync(request, "the viewer configuration", _options.RestCallTimeout, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                return null;
            }

            using var json = JsonDocument.Parse(response.Body);
            return json.RootElement.TryGetProperty("server_ip", out var ip) && ip.ValueKind == JsonValueKind.String ? ip.GetString() : null;
        }
        catch (Exception exception) when (exception is ConsoleException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The Cookie header for this BMC (QSESSIONID, plus the CSRF token as <c>__Host-garc</c> that newer builds read).</summary>
    public string CookieHeader() =>
        CsrfToken is null
            ? $"{BmcCredentialParser.SessionCookieName}={SessionId.Reveal()}"
            : $"{BmcCredentialParser.SessionCookieName}={SessionId.Reveal()}; __Host-garc={CsrfToken.Reveal()}";

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_ownsLogin)
        {
            await LogoutAsync().ConfigureAwait(false);
        }
    }

    private async Task LogoutAsync()
    {
        // Not tied to the caller's token: a cancelled capture must still give the session back.
        try
        {
            using var request = CreateRequest(HttpMethod.Delete, "/api/session");
            var response = await _http.SendAsync(request, "the logout", _options.LogoutTimeout, CancellationToken.None).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                LogLogoutFailed(_logger, Host, $"HTTP {(int)response.StatusCode}");
            }
        }
        catch (ConsoleException exception)
        {
            LogLogoutFailed(_logger, Host, exception.Message);
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, _http.Resolve(path));

        // Without validation because the platform has no parser for these; the constructor already allowed only plain tokens.
        request.Headers.TryAddWithoutValidation("Cookie", CookieHeader());
        if (CsrfToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-CSRFTOKEN", CsrfToken.Reveal());
        }

        return request;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Viewer activation on {Host} failed (ignored): {Reason}")]
    private static partial void LogActivationFailed(ILogger logger, string host, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Logging out of the BMC at {Host} failed; its web session stays open until it expires: {Reason}")]
    private static partial void LogLogoutFailed(ILogger logger, string host, string reason);

    /// <summary>The fields of the login answer this client uses.</summary>
    private sealed record LoginAnswer(int? Ok, Secret? CsrfToken, int? Code, string? Error)
    {
        public static LoginAnswer Parse(string body)
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return new LoginAnswer(null, null, null, null);
                }

                var csrf = root.TryGetProperty("CSRFToken", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                return new LoginAnswer(
                    root.TryGetProperty("ok", out var ok) && ok.TryGetInt32(out var okValue) ? okValue : null,
                    string.IsNullOrEmpty(csrf) ? null : new Secret(csrf),
                    root.TryGetProperty("code", out var code) && code.TryGetInt32(out var codeValue) ? codeValue : null,
                    root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null);
            }
            catch (JsonException)
            {
                return new LoginAnswer(null, null, null, null);
            }
        }
    }
}
