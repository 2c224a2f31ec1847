namespace OvhIkvm.Simulators.Ovh;

/// <summary>What an injected fault does to a matching request.</summary>
public enum OvhFaultKind
{
    /// <summary>Answer <see cref="OvhFault.StatusCode"/> with an OVH JSON error body (and Retry-After when set).</summary>
    Status,

    /// <summary>Answer <see cref="OvhFault.StatusCode"/> with an HTML page, as OVH's front ends do during incidents.</summary>
    Html,

    /// <summary>Wait <see cref="OvhFault.Delay"/>, then answer normally.</summary>
    Slow,

    /// <summary>Reject the signature (400 INVALID_SIGNATURE) whatever it is.</summary>
    InvalidSignature,

    /// <summary>Answer an access read with an expiration already in the past.</summary>
    ExpiredAccess,
}
