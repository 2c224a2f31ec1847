using Microsoft.Extensions.Logging;
using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Configuration;

/// <summary>
/// The log levels a user may name. Names only, in any case: <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/>
/// would also take "7" or "1,2" and yield a level that does not exist, and a typo ("verbose") must not silently mean
/// the default.
/// </summary>
internal static class LogLevelNames
{
    private static readonly LogLevel[] Levels = Enum.GetValues<LogLevel>();

    public static string Accepted { get; } = string.Join(", ", Levels.Select(l => l.ToString()));

    public static bool TryParse(string value, out LogLevel level)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var candidate in Levels)
        {
            if (string.Equals(candidate.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                level = candidate;
                return true;
            }
        }

        level = LogLevel.Information;
        return false;
    }

    /// <param name="source">The flag or environment variable the value came from.</param>
    /// <param name="value">The value given, shown printable.</param>
    public static string Problem(string source, string value) =>
        $"{source} '{UntrustedText.Printable(value, 64)}' is not a log level; use one of {Accepted} (case does not matter).";
}
