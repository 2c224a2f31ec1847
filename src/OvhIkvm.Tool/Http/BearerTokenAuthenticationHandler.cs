using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OvhIkvm.Tool.Http;

/// <summary>
/// Authenticates a request that carries <c>Authorization: Bearer &lt;token&gt;</c> with the configured token. It runs
/// for every request; the endpoints decide what needs an authenticated caller (all of them but the health check),
/// so no spelling of a path can reach MCP without the token.
/// </summary>
internal sealed class BearerTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    HttpListenPlan plan)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    private const string Prefix = "Bearer ";

    // Both sides are hashed before the constant-time comparison, so neither the token's length nor its prefix leaks
    // through timing.
    private readonly byte[] _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(plan.Token.Reveal()));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var value = headers.Count == 1 ? headers[0] ?? "" : "";
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(value[Prefix.Length..].Trim())), _expectedHash))
        {
            return Task.FromResult(AuthenticateResult.Fail("The bearer token is wrong."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "mcp-client")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
