using OvhIkvm.Kvm.Consoles;

namespace OvhIkvm.Ovh.Access;

/// <summary>
/// Fans one grant's progress out to every caller waiting on it (single flight means several callers share one
/// grant, and each wants its own progress notifications). Elapsed time counts from the start of the grant.
/// </summary>
internal sealed class GrantProgress(TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private readonly Lock _lock = new();
    private readonly List<IProgress<ConsoleProgress>> _listeners = [];
    private ConsoleProgress? _last;

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    public void Subscribe(IProgress<ConsoleProgress>? listener)
    {
        if (listener is null)
        {
            return;
        }

        ConsoleProgress? last;
        lock (_lock)
        {
            _listeners.Add(listener);
            last = _last;
        }

        // A caller that joins a grant already under way learns at once where it stands.
        if (last is not null)
        {
            listener.Report(last with { Elapsed = Elapsed });
        }
    }

    public void Unsubscribe(IProgress<ConsoleProgress>? listener)
    {
        if (listener is null)
        {
            return;
        }

        lock (_lock)
        {
            _listeners.Remove(listener);
        }
    }

    public void Report(string stage)
    {
        var progress = new ConsoleProgress(stage, Elapsed);
        IProgress<ConsoleProgress>[] listeners;
        lock (_lock)
        {
            _last = progress;
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            listener.Report(progress);
        }
    }
}
