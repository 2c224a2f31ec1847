using System.Collections.Concurrent;
using OvhIkvm.Consoles;

namespace OvhIkvm.Ovh.Tests.Support;

/// <summary>An <see cref="IProgress{T}"/> that reports synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class RecordingProgress : IProgress<ConsoleProgress>
{
    private readonly ConcurrentQueue<ConsoleProgress> _reports = new();

    public IReadOnlyList<ConsoleProgress> Reports => [.. _reports];

    public void Report(ConsoleProgress value) => _reports.Enqueue(value);
}
