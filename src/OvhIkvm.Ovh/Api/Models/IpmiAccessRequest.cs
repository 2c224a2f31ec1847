namespace OvhIkvm.Ovh.Api.Models;

/// <summary>The body of <c>POST …/features/ipmi/access</c>; <c>ttl</c> is a JSON integer (minutes), as the schema says.</summary>
internal sealed record IpmiAccessRequest(string IpToAllow, int Ttl, string Type);
