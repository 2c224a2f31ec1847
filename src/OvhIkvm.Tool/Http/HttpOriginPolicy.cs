using Microsoft.AspNetCore.Http;
using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Http;

/// <summary>
/// Decides which callers a browser may relay, for every request whatever its path. A request with an
/// <c>Origin</c> header comes from a web page: it is accepted only from a configured origin or, on a loopback
/// address, from a loopback page. On a loopback address the <c>Host</c> header must name loopback too, otherwise a
/// page could reach the local server through DNS rebinding. Clients that are not browsers send no Origin and are
/// judged by their bearer token alone.
/// </summary>
internal sealed class HttpOriginPolicy(HttpListenPlan plan)
{
    public bool IsAllowedOrigin(string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        return plan.AllowedOrigins.Contains(HttpListenPlan.NormaliseOrigin(uri))
            || (plan.IsLoopback && LoopbackHost.Is(uri.Host));
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.Request;
        if (plan.IsLoopback && !LoopbackHost.Is(request.Host.Host))
        {
            await RejectAsync(context, "Host is not a loopback address.").ConfigureAwait(false);
            return;
        }

        var origins = request.Headers.Origin;
        if (origins.Count > 1 || (origins.Count == 1 && !IsAllowedOrigin(origins.ToString())))
        {
            await RejectAsync(context, $"Origin is not allowed; add it to {Configuration.ToolSettings.HttpAllowedOrigins.EnvironmentVariable} if this page may call the server.").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static Task RejectAsync(HttpContext context, string reason)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(reason, context.RequestAborted);
    }
}
