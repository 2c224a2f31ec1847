using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OvhIkvm.Imaging;
using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Mcp;

/// <summary>
/// Guards every tool call: rejects a call whose arguments do not fit the tool's input schema (a typo such as "serverID"
/// must not be silently ignored), and turns failures into one clear sentence for the client. Expected failures carry their own
/// message; anything else is logged on stderr and reported without details, because an unexpected exception's
/// text may carry internals.
/// </summary>
internal static partial class ToolCallGuard
{
    private const int MaxErrorLength = 2000;

    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            var toolName = context.Params?.Name ?? "?";
            if (context.Services?.GetService<ToolCallOptions>()?.Problem is { } configurationProblem)
            {
                return Error(configurationProblem);
            }

            try
            {
                return await next(context, cancellationToken).ConfigureAwait(false);
            }
            catch (ConsoleException ex)
            {
                LogExpectedFailure(Logger(context), toolName, ex.Message);
                return Error(ex.Message);
            }
            catch (ImageDecodeException ex)
            {
                LogExpectedFailure(Logger(context), toolName, ex.Message);
                return Error($"The console sent a frame that could not be decoded ({ex.Message}); try again, or use raw=true.");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is not McpException)
            {
                LogUnexpectedFailure(Logger(context), toolName, ex);
                return Error($"{toolName} failed with an unexpected internal error; the details are in the server's log (stderr).");
            }
        };

    /// <summary>
    /// Rejects a tools/call whose tool or arguments do not fit, as -32602 Invalid params, before the SDK binds it.
    /// It runs on the raw message because the SDK's binding fails first on a non-object <c>arguments</c> (and
    /// answers -32603 "An error occurred."), and because the SDK logs anything a call filter throws, even a protocol
    /// error, as an unhandled exception with its stack trace; thrown from here it becomes the error reply alone.
    /// </summary>
    public static McpMessageHandler RejectInvalidCalls(McpMessageHandler next) =>
        (context, cancellationToken) =>
        {
            if (context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.ToolsCall } request
                && FindCallProblem(context.Server.ServerOptions.ToolCollection, request.Params) is { } problem)
            {
                var logger = Logger(context.Services);
                LogRejectedCall(logger, problem);
                throw new McpProtocolException(problem, McpErrorCode.InvalidParams);
            }

            return next(context, cancellationToken);
        };

    private static string? FindCallProblem(McpServerPrimitiveCollection<McpServerTool>? tools, JsonNode? parameters)
    {
        try
        {
            if (parameters is not JsonObject call || call["name"] is not JsonValue nameNode || !nameNode.TryGetValue<string>(out var name))
            {
                return "A tools/call request needs params with the tool's name, e.g. {\"name\":\"list_servers\",\"arguments\":{}}.";
            }

            if (tools is null || !tools.TryGetPrimitive(name, out var tool))
            {
                var known = tools is null ? string.Empty : string.Join(" and ", tools.Select(t => t.ProtocolTool.Name).Order(StringComparer.Ordinal));
                return $"There is no tool named {ToolArgumentValidator.Quote(name)}; this server has {known}.";
            }

            return ToolArgumentValidator.FindProblem(tool.ProtocolTool, call["arguments"]) ?? FindShapeProblem(call);
        }
        catch (ArgumentException)
        {
            // JsonObject refuses a property name that appears twice when it is first read.
            return "The params of a tools/call name a property twice; send each one once.";
        }
    }

    /// <summary>Whatever else the SDK's binding of the params would fail on (a _meta that is not an object, ...), as one sentence.</summary>
    private static string? FindShapeProblem(JsonObject call)
    {
        try
        {
            _ = call.Deserialize(McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolRequestParams)));
            return null;
        }
        catch (JsonException)
        {
            return "The params of a tools/call must hold a string name, an arguments object and, optionally, a _meta object.";
        }
    }

    // Every sentence is built from sanitised peer text already; this is the last gate before the client sees it.
    private static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = UntrustedText.Printable(message, MaxErrorLength) }],
    };

    private static ILogger Logger(RequestContext<CallToolRequestParams> context) => Logger(context.Services);

    private static ILogger Logger(IServiceProvider? services) =>
        services?.GetService<ILoggerFactory>()?.CreateLogger("OvhIkvm.Tool.Mcp.ToolCalls") ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a tools/call: {Problem}")]
    private static partial void LogRejectedCall(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Tool} failed: {Reason}")]
    private static partial void LogExpectedFailure(ILogger logger, string tool, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Tool} failed unexpectedly")]
    private static partial void LogUnexpectedFailure(ILogger logger, string tool, Exception exception);
}
