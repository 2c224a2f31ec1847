namespace OvhIkvm.Kvm.Sessions;

/// <summary>
/// The process-wide budget for what decoders keep per capture (framebuffers, reference planes). A capture reserves
/// the bytes its screen needs before allocating them and gives them back when it ends, so concurrent captures of
/// large (or hostile) screens queue instead of stacking up. Waiters are served first come, first served; a request
/// larger than the whole budget waits until it is alone. A capture holds one reservation at a time (a resize gives
/// the old one back first), so waiting cannot deadlock, and every wait ends with the capture's own deadline.
/// </summary>
/// <remarks>
/// A moment after the last reservation ends (the screen has been rendered by then), if the managed heap holds much
/// more than an idle tool needs (a large screen, a huge packet buffer), a full collection gives it back to the
/// operating system. An idle MCP server allocates almost nothing, so without it that garbage would stay resident
/// until the next tool call, however long that takes.
/// </remarks>
internal sealed class DecodeMemoryBudget
{
    /// <summary>
    /// 192 MiB: twelve captures of a 1920x1200 BMC in 4:4:4 (about 16 MiB each) run side by side, or three of the
    /// largest screen <see cref="Imaging.FrameLimits.Default"/> allows (about 60 MiB each for ASPEED); more wait.
    /// </summary>
    public const long DefaultCapacity = 192L << 20;

    /// <summary>Managed heap above which a collection is worth its pause (an idle tool holds about 10 MiB).</summary>
    internal const long CollectionThreshold = 48L << 20;

    private static readonly TimeSpan CollectionDelay = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly TimeProvider _time;
    private long _reserved;
    private ITimer? _collection;

    public DecodeMemoryBudget(TimeProvider time, long capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _time = time;
        Capacity = capacity;
    }

    public long Capacity { get; }

    /// <summary>Bytes currently reserved.</summary>
    public long Reserved
    {
        get
        {
            lock (_gate)
            {
                return _reserved;
            }
        }
    }

    /// <summary>Reservations waiting for room.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>Collections scheduled and run so far (observable by tests).</summary>
    public int Collections { get; private set; }

    /// <summary>Waits until <paramref name="bytes"/> fit, then reserves them until the returned lease is disposed.</summary>
    /// <exception cref="OperationCanceledException">The token fired while waiting; nothing is reserved.</exception>
    public async ValueTask<IDisposable> ReserveAsync(long bytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Waiter waiter;
        lock (_gate)
        {
            if (_waiters.Count == 0 && Fits(bytes))
            {
                return Grant(bytes);
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new Waiter(this, bytes);
            waiter.Node = _waiters.AddLast(waiter);
        }

        await using (cancellationToken.Register(static state => ((Waiter)state!).Cancel(), waiter).ConfigureAwait(false))
        {
            return await waiter.Completion.Task.ConfigureAwait(false);
        }
    }

    private bool Fits(long bytes) => _reserved == 0 || _reserved + bytes <= Capacity;

    private Lease Grant(long bytes)
    {
        _reserved += bytes;
        _collection?.Dispose();
        _collection = null;
        return new Lease(this, bytes);
    }

    private void Cancel(Waiter waiter)
    {
        lock (_gate)
        {
            if (waiter.Node?.List is null)
            {
                return; // already granted
            }

            _waiters.Remove(waiter.Node);
            waiter.Completion.TrySetCanceled();

            // The cancelled waiter may have been the one holding the queue back.
            GrantWaiting();
        }
    }

    private void Release(long bytes)
    {
        lock (_gate)
        {
            _reserved -= bytes;
            GrantWaiting();
            if (_reserved == 0 && _collection is null)
            {
                _collection = _time.CreateTimer(static state => ((DecodeMemoryBudget)state!).Collect(), this, CollectionDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void GrantWaiting()
    {
        while (_waiters.First is { } first && Fits(first.Value.Bytes))
        {
            _waiters.RemoveFirst();
            first.Value.Completion.TrySetResult(Grant(first.Value.Bytes));
        }
    }

    private void Collect()
    {
        lock (_gate)
        {
            _collection?.Dispose();
            _collection = null;
            if (_reserved != 0 || (GC.GetTotalMemory(forceFullCollection: false) < CollectionThreshold && GC.GetGCMemoryInfo().TotalCommittedBytes < CollectionThreshold))
            {
                return;
            }

            Collections++;
        }

        // Aggressive: compact and give the freed pages back to the operating system, not just to the GC's free lists.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private sealed class Waiter(DecodeMemoryBudget budget, long bytes)
    {
        public long Bytes { get; } = bytes;

        public TaskCompletionSource<IDisposable> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public void Cancel() => budget.Cancel(this);
    }

    private sealed class Lease(DecodeMemoryBudget budget, long bytes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                budget.Release(bytes);
            }
        }
    }
}
