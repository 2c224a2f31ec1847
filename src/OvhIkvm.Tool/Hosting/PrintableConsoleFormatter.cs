using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Hosting;

/// <summary>
/// The simple console format on one line (<c>HH:mm:ss.fff info: Category[0] message</c>), with the whole line passed
/// through <see cref="UntrustedText"/>: log arguments carry text from peers (a VNC desktop name, an OVH task status,
/// a BMC's error), and no peer may start a forged log line or reverse what a terminal shows.
/// </summary>
internal sealed class PrintableConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "ovh-ikvm-printable";

    /// <summary>Long enough for any message of ours and a stack trace; a peer cannot make one line longer.</summary>
    private const int MaxLineLength = 16 * 1024;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{TimeProvider.System.GetLocalNow():HH:mm:ss.fff} {Level(logEntry.LogLevel)}: {logEntry.Category}[{logEntry.EventId.Id}] {message}{(logEntry.Exception is { } exception ? " " + exception : string.Empty)}");
        textWriter.Write(UntrustedText.Printable(line, MaxLineLength));
        textWriter.Write(Environment.NewLine);
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
