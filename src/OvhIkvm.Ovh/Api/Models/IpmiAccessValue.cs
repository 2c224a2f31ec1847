namespace OvhIkvm.Ovh.Api.Models;

/// <summary><c>dedicated.server.IpmiAccessValue</c>: the viewer URL (a secret: it carries the session token) and its expiry.</summary>
internal sealed record IpmiAccessValue(DateTimeOffset? Expiration, string? Value);
