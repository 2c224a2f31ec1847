using OvhIkvm.Kvm.Consoles;

namespace OvhIkvm.Tool.Screenshots;

/// <summary>Forwards the progress of one shared capture to every caller waiting on it.</summary>
internal sealed class ProgressFanOut : IProgress<ConsoleProgress>
{
    private readonly List<IProgress<ConsoleProgress>> _subscribers = [];
    private ConsoleProgress? _last;

    /// <summary>Adds a subscriber; a late joiner first hears the latest step, so it does not wait in silence.</summary>
    public void Subscribe(IProgress<ConsoleProgress>? subscriber)
    {
        if (subscriber is null)
        {
            return;
        }

        ConsoleProgress? last;
        lock (_subscribers)
        {
            _subscribers.Add(subscriber);
            last = _last;
        }

        if (last is not null)
        {
            subscriber.Report(last);
        }
    }

    public void Unsubscribe(IProgress<ConsoleProgress>? subscriber)
    {
        if (subscriber is null)
        {
            return;
        }

        lock (_subscribers)
        {
            _subscribers.Remove(subscriber);
        }
    }

    public void Report(ConsoleProgress value)
    {
        IProgress<ConsoleProgress>[] subscribers;
        lock (_subscribers)
        {
            _last = value;
            subscribers = [.. _subscribers];
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.Report(value);
        }
    }
}
