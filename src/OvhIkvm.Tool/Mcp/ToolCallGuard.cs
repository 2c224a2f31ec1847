using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Consoles;

namespace OvhIkvm.Tool.Mcp;

/// <summary>
/// Wraps every tool call: rejects arguments that do not fit the tool's input schema (a typo such as "serverID"
/// must not be silently ignored), and turns failures into one clear sentence for the client. Expected failures carry their own
/// message; anything else is logged on stderr and reported without details, because an unexpected exception's
/// text may carry internals.
/// </summary>
internal static partial class ToolCallGuard
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            var toolName = context.Params?.Name ?? "?";
            RejectInvalidArguments(context);
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

    private static void RejectInvalidArguments(RequestContext<CallToolRequestParams> context)
    {
        if (context.MatchedPrimitive is not McpServerTool tool)
        {
            return;
        }

        var problem = ToolArgumentValidator.FindProblem(tool.ProtocolTool, context.Params?.Arguments);
        if (problem is not null)
        {
            throw new McpProtocolException(problem, McpErrorCode.InvalidParams);
        }
    }

    private static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    private static ILogger Logger(RequestContext<CallToolRequestParams> context) =>
        context.Services?.GetService<ILoggerFactory>()?.CreateLogger("OvhIkvm.Tool.Mcp.ToolCalls") ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Tool} failed: {Reason}")]
    private static partial void LogExpectedFailure(ILogger logger, string tool, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Tool} failed unexpectedly")]
    private static partial void LogUnexpectedFailure(ILogger logger, string tool, Exception exception);
}
