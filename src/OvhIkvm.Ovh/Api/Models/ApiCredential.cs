using OvhIkvm.Ovh.Account;

namespace OvhIkvm.Ovh.Api.Models;

/// <summary><c>api.Credential</c>, what <c>GET /auth/currentCredential</c> says about the consumer key in use.</summary>
internal sealed record ApiCredential(
    long CredentialId,
    long ApplicationId,
    string? Status,
    IReadOnlyList<OvhAccessRule>? Rules,
    DateTimeOffset? Creation,
    DateTimeOffset? Expiration,
    DateTimeOffset? LastUse,
    IReadOnlyList<string>? AllowedIPs,
    bool OvhSupport);
