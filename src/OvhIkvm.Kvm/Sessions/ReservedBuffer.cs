namespace OvhIkvm.Kvm.Sessions;

/// <summary>
/// A byte array sized from what a peer sent, whose every size is reserved in the capture's
/// <see cref="DecodeMemoryAccount"/> before it is allocated. Growing reserves the new size first (waiting for the
/// budget if need be) and gives the old reservation back once the bytes are copied, since both arrays live
/// during the copy.
/// </summary>
internal sealed class ReservedBuffer(DecodeMemoryAccount account) : IDisposable
{
    private readonly Lock _gate = new();
    private IDisposable? _lease;
    private bool _disposed;

    public byte[] Bytes { get; private set; } = [];

    /// <summary>Replaces the array with one of <paramref name="length"/> bytes that starts with <paramref name="keepLength"/> bytes of the old one from <paramref name="keepFrom"/>.</summary>
    /// <exception cref="OperationCanceledException">The token fired while waiting for the budget; the array is unchanged.</exception>
    public async ValueTask ResizeAsync(int length, int keepFrom, int keepLength, CancellationToken cancellationToken)
    {
        var lease = await account.ReserveAsync(length, cancellationToken).ConfigureAwait(false);
        var resized = new byte[length];
        Bytes.AsSpan(keepFrom, keepLength).CopyTo(resized);
        lock (_gate)
        {
            if (_disposed)
            {
                // Granted while the owner was being disposed (its receive unwinding): never keep a reservation nobody releases.
                lease.Dispose();
                throw new ObjectDisposedException(nameof(ReservedBuffer));
            }

            _lease?.Dispose();
            _lease = lease;
            Bytes = resized;
        }
    }

    /// <summary>Lets go of the array and gives its reservation back; the buffer starts over empty.</summary>
    public void Release()
    {
        lock (_gate)
        {
            Bytes = [];
            _lease?.Dispose();
            _lease = null;
        }
    }

    /// <summary>Gives the reservation back for good; the array is left alone, because a loop still unwinding may read it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _lease?.Dispose();
            _lease = null;
        }
    }
}
