namespace OvhIkvm.Ovh.Account;

/// <summary>An access rule this tool needs, with the reason a user is shown when it is missing.</summary>
/// <param name="Rule">The rule to grant.</param>
/// <param name="Purpose">What the tool does with it, e.g. "list the servers".</param>
/// <param name="OnlyWithoutAllowedIp">True for <c>POST /me/geolocation</c>, which is not called when the allowed IP is configured.</param>
public sealed record OvhRequiredAccessRule(OvhAccessRule Rule, string Purpose, bool OnlyWithoutAllowedIp = false);
