namespace OvhIkvm.Ovh.Api.Models;

/// <summary><c>auth.Credential</c>, OVH's answer to <c>POST /auth/credential</c>.</summary>
internal sealed record CredentialRequestAnswer(string? ConsumerKey, string? State, string? ValidationUrl);
