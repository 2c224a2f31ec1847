using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace OvhIkvm.Tool.Hosting;

internal static class ToolLogging
{
    /// <summary>All logging goes to stderr: stdout carries the MCP protocol (or a CLI command's output).</summary>
    public static ILoggingBuilder AddStderrConsole(this ILoggingBuilder logging, LogLevel minimumLevel)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(minimumLevel);
        // The HTTP client logs request URLs at Information; a viewer URL carries a session token.
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // Framework chatter (every request handled, host lifetime) only when the user asked for debug output.
        var frameworkLevel = minimumLevel <= LogLevel.Debug ? minimumLevel : LogLevel.Warning;
        logging.AddFilter("Microsoft", frameworkLevel);
        logging.AddFilter("ModelContextProtocol", frameworkLevel);
        logging.AddConsole(o =>
        {
            o.FormatterName = PrintableConsoleFormatter.FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        // Registered directly: AddConsoleFormatter<,> also binds formatter options from configuration by reflection
        // (not AOT-safe), and this formatter has no options.
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, PrintableConsoleFormatter>());
        return logging;
    }
}
