using ModelContextProtocol;
using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Mcp;

/// <summary>
/// Forwards pipeline progress as MCP progress notifications. The SDK drops them when the client sent no progress
/// token, so reporting is always safe. The total is unknown (an OVH task takes as long as it takes), so only the
/// step count grows.
/// </summary>
internal sealed class ProgressReporter(IProgress<ProgressNotificationValue> target) : IProgress<ConsoleProgress>
{
    private int _steps;

    public void Report(ConsoleProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        target.Report(new ProgressNotificationValue
        {
            Progress = Interlocked.Increment(ref _steps),
            Message = $"{value.Stage} ({value.Elapsed.TotalSeconds:0}s elapsed)",
        });
    }
}
