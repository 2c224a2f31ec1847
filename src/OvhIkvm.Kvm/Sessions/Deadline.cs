namespace OvhIkvm.Kvm.Sessions;

/// <summary>
/// The caller's cancellation joined with a time limit measured on the injected <see cref="TimeProvider"/>, so that a
/// test's fake clock drives the limit exactly as it drives every other timer.
/// (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> would always run on the system clock.)
/// </summary>
internal sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _limit;
    private readonly CancellationTokenSource _linked;

    public Deadline(TimeSpan limit, TimeProvider time, CancellationToken cancellationToken)
    {
        _limit = new CancellationTokenSource(limit, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _limit.Token);
    }

    public CancellationToken Token => _linked.Token;

    /// <summary>Whether the time limit ran out (as opposed to the caller cancelling).</summary>
    public bool Expired => _limit.IsCancellationRequested;

    public void Dispose()
    {
        _linked.Dispose();
        _limit.Dispose();
    }
}
