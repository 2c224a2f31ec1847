using OvhIkvm.Consoles;

namespace OvhIkvm.Ovh.Account;

/// <summary>A consumer key OVH has just created; it works once its owner opens <see cref="ValidationUrl"/> and approves it.</summary>
/// <param name="ConsumerKey">The new key (the user's secret: show it to them, never log it).</param>
/// <param name="ValidationUrl">Where the account owner logs in to approve the key.</param>
/// <param name="State">OVH's state for it, normally pendingValidation.</param>
/// <param name="AccessRules">The rules requested.</param>
public sealed record ConsumerKeyRequest(Secret ConsumerKey, Uri ValidationUrl, string State, IReadOnlyList<OvhAccessRule> AccessRules)
{
    /// <summary>Leaves out the validation URL's one-time token, should the request ever reach a log line.</summary>
    public override string ToString() => $"OVH consumer key request ({State}, {AccessRules.Count} access rules)";
}
