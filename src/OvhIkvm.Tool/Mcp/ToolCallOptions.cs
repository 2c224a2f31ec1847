using System.Globalization;
using OvhIkvm.Tool.Configuration;

namespace OvhIkvm.Tool.Mcp;

/// <summary>The limits every tool call keeps.</summary>
/// <param name="CallTimeout">How long a call may take before it answers with what it has.</param>
/// <param name="Problem">One sentence when the configured value cannot be used; each call then answers with it.</param>
internal sealed record ToolCallOptions(TimeSpan CallTimeout, string? Problem = null)
{
    public const int MinSeconds = 5;
    public const int MaxSeconds = 3600;

    /// <summary>Progress is sent at least this often while a call waits, so a client sees it is alive.</summary>
    public static TimeSpan HeartbeatInterval { get; } = TimeSpan.FromSeconds(5);

    public static ToolCallOptions From(ToolConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var setting = ToolSettings.CallTimeout;
        var text = configuration[setting] ?? setting.DefaultValue!;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= MinSeconds and <= MaxSeconds
            ? new ToolCallOptions(TimeSpan.FromSeconds(seconds))
            : new ToolCallOptions(
                TimeSpan.FromSeconds(int.Parse(setting.DefaultValue!, CultureInfo.InvariantCulture)),
                $"{setting.EnvironmentVariable} ({setting.Flag}) must be a whole number of seconds from {MinSeconds} to {MaxSeconds}; fix it in the MCP client's configuration for this server and restart it.");
    }
}
