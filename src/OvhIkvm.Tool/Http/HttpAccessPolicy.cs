using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OvhIkvm.Tool.Http;

/// <summary>
/// Every MCP request needs the bearer token. On loopback, the Host and Origin headers must name a loopback host too:
/// otherwise a web page could reach the local server through DNS rebinding.
/// </summary>
internal sealed class HttpAccessPolicy(HttpListenPlan plan)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes($"Bearer {plan.Token.Reveal()}");

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (plan.IsLoopback && !NamesLoopback(context.Request))
        {
            await RejectAsync(context, StatusCodes.Status403Forbidden, "Host or Origin is not a loopback address.").ConfigureAwait(false);
            return;
        }

        if (context.Request.Path.StartsWithSegments("/mcp", StringComparison.Ordinal) && !HasToken(context.Request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await RejectAsync(context, StatusCodes.Status401Unauthorized, "A bearer token is required.").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private bool HasToken(HttpRequest request)
    {
        var presented = Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString());
        return CryptographicOperations.FixedTimeEquals(presented, _expected);
    }

    private static bool NamesLoopback(HttpRequest request)
    {
        if (!HttpListenPlan.IsLoopbackHost(request.Host.Host))
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0
            || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && HttpListenPlan.IsLoopbackHost(uri.Host));
    }

    private static Task RejectAsync(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(reason, context.RequestAborted);
    }
}
