namespace OvhIkvm.Kvm.Sessions;

/// <summary>
/// One capture's share of the <see cref="DecodeMemoryBudget"/>: its screen, packet and rectangle buffers are all
/// reserved through it, so the budget knows which reservations belong together (see its remarks on waiting). Its
/// fields are guarded by the budget's lock.
/// </summary>
internal sealed class DecodeMemoryAccount
{
    private readonly DecodeMemoryBudget _budget;

    internal DecodeMemoryAccount(DecodeMemoryBudget budget) => _budget = budget;

    /// <summary>Bytes this account holds.</summary>
    internal long Held { get; set; }

    internal bool Waiting { get; set; }

    /// <summary>The wait the capture's deadline (or its caller) ended, until a later reservation succeeds.</summary>
    internal DecodeMemoryWait? LastWait { get; set; }

    internal LinkedListNode<DecodeMemoryAccount>? HolderNode { get; set; }

    /// <summary>Waits until <paramref name="bytes"/> fit, then reserves them until the returned lease is disposed.</summary>
    /// <exception cref="OperationCanceledException">The token fired while waiting; nothing is reserved.</exception>
    public ValueTask<IDisposable> ReserveAsync(long bytes, CancellationToken cancellationToken) =>
        _budget.ReserveAsync(this, bytes, cancellationToken);

    /// <summary>
    /// Why this capture is stuck, if it is: waiting for the budget now, or its last wait was cut short. Null when it
    /// is not, so that a timeout blames memory only when memory was the reason.
    /// </summary>
    public DecodeMemoryWait? DescribeWait() => _budget.DescribeWaitOf(this);
}
