namespace OvhIkvm.Kvm.Sessions;

/// <summary>
/// The process-wide budget for what a capture allocates from sizes a peer chose: framebuffers and reference planes,
/// IVTP packet and frame buffers, Tight and ZRLE rectangle buffers. A capture reserves the bytes in its own
/// <see cref="DecodeMemoryAccount"/> before allocating them and gives them back when done, so concurrent captures of
/// large (or hostile) screens queue instead of stacking up. Waiters are served first come, first served.
/// </summary>
/// <remarks>
/// <para>
/// A capture reserves step by step (its screen, then each packet) while holding what it already has, so two captures
/// could each wait for the other. The oldest account that holds a reservation is therefore never made to wait: it
/// always progresses, ends within its deadline and gives everything back, and the next oldest takes its place. So
/// waiting cannot deadlock, and every wait ends with the capture's own deadline. The price is that the reserved total
/// may pass <see cref="Capacity"/> by what that one capture holds (one screen and its packet buffers); a request
/// larger than the whole budget likewise waits until it is alone.
/// </para>
/// <para>
/// A moment after the last reservation ends (the screen has been rendered by then), if the managed heap holds much
/// more than an idle tool needs (a large screen, a huge packet buffer), a full collection gives it back to the
/// operating system. An idle MCP server allocates almost nothing, so without it that garbage would stay resident
/// until the next tool call, however long that takes.
/// </para>
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

    // Accounts holding a reservation, oldest first: the first one never waits.
    private readonly LinkedList<DecodeMemoryAccount> _holders = new();
    private readonly TimeProvider _time;
    private long _reserved;
    private long _highWater;
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

    /// <summary>The most ever reserved at once (observable by tests).</summary>
    internal long HighWater
    {
        get
        {
            lock (_gate)
            {
                return _highWater;
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

    /// <summary>An account for one capture; every reservation the capture makes goes through it.</summary>
    public DecodeMemoryAccount OpenAccount() => new(this);

    /// <summary>A one-off reservation in an account of its own.</summary>
    public ValueTask<IDisposable> ReserveAsync(long bytes, CancellationToken cancellationToken) =>
        OpenAccount().ReserveAsync(bytes, cancellationToken);

    /// <summary>Waits until <paramref name="bytes"/> fit, then reserves them in <paramref name="account"/> until the returned lease is disposed.</summary>
    /// <exception cref="OperationCanceledException">The token fired while waiting; nothing is reserved, and the account remembers what it waited for.</exception>
    internal async ValueTask<IDisposable> ReserveAsync(DecodeMemoryAccount account, long bytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Waiter waiter;
        lock (_gate)
        {
            if ((_waiters.Count == 0 || IsOldestHolder(account)) && Fits(account, bytes))
            {
                account.LastWait = null;
                return Grant(account, bytes);
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new Waiter(this, account, bytes);
            waiter.Node = _waiters.AddLast(waiter);
            account.Waiting = true;
        }

        await using (cancellationToken.Register(static state => ((Waiter)state!).Cancel(), waiter).ConfigureAwait(false))
        {
            return await waiter.Completion.Task.ConfigureAwait(false);
        }
    }

    /// <summary>What other accounts hold while <paramref name="account"/> waits, or held when its last wait was cut short.</summary>
    internal DecodeMemoryWait? DescribeWaitOf(DecodeMemoryAccount account)
    {
        lock (_gate)
        {
            return account.Waiting ? new DecodeMemoryWait(_reserved - account.Held, Capacity) : account.LastWait;
        }
    }

    private bool IsOldestHolder(DecodeMemoryAccount account) => account.Held > 0 && _holders.First?.Value == account;

    private bool Fits(DecodeMemoryAccount account, long bytes) =>
        _reserved == 0 || IsOldestHolder(account) || _reserved + bytes <= Capacity;

    private Lease Grant(DecodeMemoryAccount account, long bytes)
    {
        if (account.Held == 0 && bytes > 0)
        {
            account.HolderNode = _holders.AddLast(account);
        }

        account.Held += bytes;
        account.Waiting = false;
        _reserved += bytes;
        _highWater = Math.Max(_highWater, _reserved);
        _collection?.Dispose();
        _collection = null;
        return new Lease(this, account, bytes);
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
            waiter.Account.Waiting = false;
            waiter.Account.LastWait = new DecodeMemoryWait(_reserved - waiter.Account.Held, Capacity);
            waiter.Completion.TrySetCanceled();

            // The cancelled waiter may have been the one holding the queue back.
            GrantWaiting();
        }
    }

    private void Release(DecodeMemoryAccount account, long bytes)
    {
        lock (_gate)
        {
            _reserved -= bytes;
            account.Held -= bytes;
            if (account.Held == 0 && account.HolderNode is { } node)
            {
                _holders.Remove(node);
                account.HolderNode = null;
            }

            GrantWaiting();
            if (_reserved == 0 && _collection is null)
            {
                _collection = _time.CreateTimer(static state => ((DecodeMemoryBudget)state!).Collect(), this, CollectionDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void GrantWaiting()
    {
        while (NextToGrant() is { } node)
        {
            _waiters.Remove(node);
            node.Value.Account.LastWait = null;
            node.Value.Completion.TrySetResult(Grant(node.Value.Account, node.Value.Bytes));
        }
    }

    /// <summary>The oldest holder's request, wherever it queues; else the head of the queue if it fits.</summary>
    private LinkedListNode<Waiter>? NextToGrant()
    {
        if (_holders.First?.Value is { } oldest)
        {
            for (var node = _waiters.First; node is not null; node = node.Next)
            {
                if (node.Value.Account == oldest)
                {
                    return node;
                }
            }
        }

        return _waiters.First is { } first && Fits(first.Value.Account, first.Value.Bytes) ? first : null;
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

    private sealed class Waiter(DecodeMemoryBudget budget, DecodeMemoryAccount account, long bytes)
    {
        public DecodeMemoryAccount Account { get; } = account;

        public long Bytes { get; } = bytes;

        public TaskCompletionSource<IDisposable> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public void Cancel() => budget.Cancel(this);
    }

    private sealed class Lease(DecodeMemoryBudget budget, DecodeMemoryAccount account, long bytes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                budget.Release(account, bytes);
            }
        }
    }
}
