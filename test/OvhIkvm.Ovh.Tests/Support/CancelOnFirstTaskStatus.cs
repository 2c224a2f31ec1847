using OvhIkvm.Consoles;

namespace OvhIkvm.Ovh.Tests.Support;

/// <summary>Cancels its caller as soon as the grant reports a task status: the access request is then certainly made and pending.</summary>
internal sealed class CancelOnFirstTaskStatus(CancellationTokenSource source) : IProgress<ConsoleProgress>
{
    public void Report(ConsoleProgress value)
    {
        if (value.Stage.StartsWith("waiting for OVH task", StringComparison.Ordinal))
        {
            source.Cancel();
        }
    }
}
