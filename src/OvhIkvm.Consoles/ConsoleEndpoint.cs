namespace OvhIkvm.Consoles;

/// <summary>
/// Where a server's console can be reached, as a provider hands it to the KVM layer. The session factory
/// picks the protocol from the concrete type (and, for a viewer page, from what the page contains).
/// Records deriving from this must keep credentials in <see cref="Secret"/> so that printing one never leaks.
/// </summary>
public abstract record ConsoleEndpoint
{
    /// <summary>When the grant behind this endpoint stops working; null when it does not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
