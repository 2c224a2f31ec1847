using System.Text.Json.Serialization;
using OvhIkvm.Ovh.Account;

namespace OvhIkvm.Ovh.Api.Models;

/// <summary>The body of <c>POST /auth/credential</c>; <c>redirection</c> is left out when there is none, as go-ovh does.</summary>
internal sealed record CredentialRequest(
    IReadOnlyList<OvhAccessRule> AccessRules,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Redirection);
