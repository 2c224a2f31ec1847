using System.Collections.Concurrent;
using ModelContextProtocol;

namespace OvhIkvm.Tool.Tests.Watching;

/// <summary>Progress notifications as they arrive; a test awaits the first that says something, instead of sleeping.</summary>
internal sealed class ProgressWatch : IProgress<ProgressNotificationValue>
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _awaited = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Messages => _messages;

    public void Report(ProgressNotificationValue value)
    {
        var message = value.Message ?? string.Empty;
        _messages.Enqueue(message);
        foreach (var (prefix, signal) in _awaited)
        {
            if (message.StartsWith(prefix, StringComparison.Ordinal))
            {
                signal.TrySetResult();
            }
        }
    }

    /// <summary>Completes once a notification starting with <paramref name="prefix"/> has arrived.</summary>
    public Task HeardAsync(string prefix, CancellationToken cancellationToken)
    {
        var signal = _awaited.GetOrAdd(prefix, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_messages.Any(m => m.StartsWith(prefix, StringComparison.Ordinal)))
        {
            signal.TrySetResult();
        }

        return signal.Task.WaitAsync(cancellationToken);
    }
}
