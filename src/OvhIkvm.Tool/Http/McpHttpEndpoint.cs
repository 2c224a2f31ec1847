using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace OvhIkvm.Tool.Http;

/// <summary>
/// Stateless MCP Streamable HTTP: each POST carries one JSON-RPC message and is answered on its own event stream
/// (progress notifications included). The ASP.NET Core MCP package is not available here; the transport class in
/// the core SDK does the protocol work.
/// </summary>
internal static class McpHttpEndpoint
{
    private const long MaxRequestBytes = 1024 * 1024;

    public static async Task HandlePostAsync(HttpContext context, IOptions<McpServerOptions> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (context.Request.ContentLength > MaxRequestBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        JsonRpcMessage? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync<JsonRpcMessage>(context.Request.Body, McpJsonUtilities.DefaultOptions, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("The body must be one JSON-RPC message.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
        await using (transport.ConfigureAwait(false))
        {
            var server = McpServer.Create(transport, options.Value, loggerFactory, context.RequestServices);
            await using (server.ConfigureAwait(false))
            {
                var running = server.RunAsync(context.RequestAborted);
                context.Response.ContentType = "text/event-stream";
                context.Response.Headers.CacheControl = "no-cache";
                if (!await transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted).ConfigureAwait(false))
                {
                    context.Response.StatusCode = StatusCodes.Status202Accepted;
                }

                await transport.DisposeAsync().ConfigureAwait(false);
                await running.ConfigureAwait(false);
            }
        }
    }
}
