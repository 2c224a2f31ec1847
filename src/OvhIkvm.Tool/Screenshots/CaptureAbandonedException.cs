namespace OvhIkvm.Tool.Screenshots;

/// <summary>
/// A caller stopped waiting for a capture (its token was cancelled). Still a cancellation; it also says whether the
/// capture was waiting for console access at that moment, which an OVH grant goes on obtaining in the background.
/// </summary>
internal sealed class CaptureAbandonedException(bool awaitingAccess, OperationCanceledException cancellation)
    : OperationCanceledException(cancellation.Message, cancellation, cancellation.CancellationToken)
{
    /// <summary>True when the console access (the OVH grant) had not been obtained yet.</summary>
    public bool AwaitingAccess { get; } = awaitingAccess;
}
