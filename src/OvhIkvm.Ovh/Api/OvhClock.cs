namespace OvhIkvm.Ovh.Api;

/// <summary>
/// The offset between this machine's clock and OVH's, which every signed timestamp must use. Read once from
/// <c>/auth/time</c> and again only when OVH rejects a timestamp; concurrent callers share one read.
/// </summary>
internal sealed class OvhClock(TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _delta;
    private volatile bool _synchronized;
    private long _generation;

    /// <summary>Seconds to add to local Unix time; valid once <see cref="EnsureSynchronizedAsync"/> has returned.</summary>
    public long Delta => Interlocked.Read(ref _delta);

    /// <summary>Identifies one synchronisation, so that many requests failing on the same stale delta trigger one re-read.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public long CurrentTimestamp() => time.GetUtcNow().ToUnixTimeSeconds() + Delta;

    public async ValueTask EnsureSynchronizedAsync(Func<CancellationToken, Task<long>> readServerTime, CancellationToken cancellationToken)
    {
        if (_synchronized)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_synchronized)
            {
                return;
            }

            var serverTime = await readServerTime(cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _delta, serverTime - time.GetUtcNow().ToUnixTimeSeconds());
            Interlocked.Increment(ref _generation);
            _synchronized = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the offset measured in <paramref name="generation"/>, unless a newer one already replaced it.</summary>
    public void Invalidate(long generation)
    {
        if (Generation == generation)
        {
            _synchronized = false;
        }
    }

    public void Dispose() => _gate.Dispose();
}
