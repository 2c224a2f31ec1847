namespace OvhIkvm.Ovh.Api;

/// <summary>Why an OVH call failed, as far as the caller needs to know to react.</summary>
internal enum OvhFailure
{
    /// <summary>The consumer key lacks an access rule for this call (403 NOT_GRANTED_CALL, IAM Client::Forbidden).</summary>
    NotGranted,

    /// <summary>The consumer key is unknown, not validated, expired or revoked.</summary>
    InvalidCredential,

    /// <summary>The application key is unknown on this endpoint.</summary>
    InvalidApplicationKey,

    /// <summary>400 INVALID_SIGNATURE: wrong application secret or consumer key (or a clock far off).</summary>
    InvalidSignature,

    /// <summary>400 QUERY_TIME_OUT: the timestamp is outside OVH's window; re-synchronising the clock fixes it.</summary>
    StaleTimestamp,

    /// <summary>404: the resource does not exist.</summary>
    NotFound,

    /// <summary>409: another operation holds the resource.</summary>
    Conflict,

    /// <summary>429: too many requests.</summary>
    RateLimited,

    /// <summary>5xx: OVH is failing.</summary>
    ServerError,

    /// <summary>No complete answer within the per-request timeout.</summary>
    Timeout,

    /// <summary>The API could not be reached (DNS, connection, TLS).</summary>
    Unreachable,

    /// <summary>A redirect, which is never followed: signatures and secrets are for the configured host only.</summary>
    Redirected,

    /// <summary>A 2xx whose body is not the documented JSON.</summary>
    UnexpectedAnswer,

    /// <summary>Any other refusal (400 with a message, 460 expired resource, ...).</summary>
    Rejected,
}
