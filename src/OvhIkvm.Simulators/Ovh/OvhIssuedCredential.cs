namespace OvhIkvm.Simulators.Ovh;

/// <summary>A consumer key the simulator created through <c>POST /auth/credential</c>.</summary>
/// <param name="ConsumerKey">The new key; it starts as pendingValidation.</param>
/// <param name="ValidationUrl">The approval page address it answered with.</param>
/// <param name="AccessRules">The requested rules, as "METHOD /path".</param>
/// <param name="Redirection">The requested redirection, if any.</param>
public sealed record OvhIssuedCredential(string ConsumerKey, Uri ValidationUrl, IReadOnlyList<string> AccessRules, string? Redirection);
