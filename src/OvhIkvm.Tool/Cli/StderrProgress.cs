using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Cli;

/// <summary>Shows the slow steps (OVH grant, task polling, BMC connection) to a terminal user on stderr.</summary>
internal sealed class StderrProgress(TextWriter error) : IProgress<ConsoleProgress>
{
    public void Report(ConsoleProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (error)
        {
            error.WriteLine($"[{value.Elapsed.TotalSeconds,4:0}s] {value.Stage}");
        }
    }
}
