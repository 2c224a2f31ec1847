namespace OvhIkvm.Consoles;

/// <summary>
/// Fans the progress of one shared operation (an OVH grant, a capture) out to every caller waiting on it: single
/// flight means several callers share the work, and each wants its own notifications. One clock per operation:
/// every step is stamped with the time since this fan-out was created, whichever layer reported it, so a person
/// watching sees one counter rather than one restarting at each layer.
/// </summary>
public sealed class ProgressFanOut(TimeProvider time) : IProgress<ConsoleProgress>
{
    private readonly long _started = time.GetTimestamp();
    private readonly Lock _lock = new();
    private readonly List<IProgress<ConsoleProgress>> _listeners = [];
    private ConsoleProgress? _last;

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    /// <summary>Adds a listener; a late joiner first hears the latest step, so it does not wait in silence.</summary>
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

    public void Report(string stage) => Report(new ConsoleProgress(stage, TimeSpan.Zero));

    public void Report(ConsoleProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var stamped = value with { Elapsed = Elapsed };
        IProgress<ConsoleProgress>[] listeners;
        lock (_lock)
        {
            _last = stamped;
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            listener.Report(stamped);
        }
    }
}
