namespace OvhIkvm.Ovh.Account;

/// <summary>
/// What <see cref="IOvhAccountChecks.DiagnoseAsync"/> found, step by step. A step that could not run (because an
/// earlier one failed) is null or empty; a step that ran and failed carries a one-sentence problem.
/// </summary>
/// <param name="Api">The API base URL checked (no secret in it).</param>
/// <param name="ConfigurationProblem">Why the OVH settings cannot be used, or null.</param>
/// <param name="ApiProblem">Why the API could not be reached, or null.</param>
/// <param name="ClockOffset">OVH's clock minus this machine's, when the API answered.</param>
/// <param name="Credential">The consumer key as OVH describes it, when the API answered.</param>
/// <param name="Rules">Each needed access rule and whether the consumer key grants it (empty when the rules could not be read).</param>
/// <param name="Servers">The account's servers and their console capability (empty when they could not be listed).</param>
/// <param name="ServersProblem">Why the servers could not be listed, or null.</param>
/// <param name="AllowedIp">The address console access will be allowed from, when the credential is usable.</param>
public sealed record OvhDiagnosis(
    Uri? Api,
    string? ConfigurationProblem,
    string? ApiProblem,
    TimeSpan? ClockOffset,
    OvhCredentialDiagnosis? Credential,
    IReadOnlyList<OvhRuleDiagnosis> Rules,
    IReadOnlyList<OvhServerDiagnosis> Servers,
    string? ServersProblem,
    OvhAllowedIpDiagnosis? AllowedIp);

/// <summary>The consumer key in use, from <c>GET /auth/currentCredential</c>.</summary>
/// <param name="Status">OVH's state: validated, pendingValidation, expired or refused; null when it could not be read.</param>
/// <param name="ExpiresAt">When it stops working, in this machine's clock; null when it never expires.</param>
/// <param name="AllowedIps">The networks OVH accepts it from; empty when unrestricted.</param>
/// <param name="Problem">Why it could not be read or cannot be used, or null when it is usable.</param>
public sealed record OvhCredentialDiagnosis(string? Status, DateTimeOffset? ExpiresAt, IReadOnlyList<string> AllowedIps, string? Problem)
{
    public bool IsUsable => Problem is null;
}

/// <summary>One needed access rule and whether the consumer key's rules cover it.</summary>
/// <param name="Required">The rule.</param>
/// <param name="Granted">True when it is granted for every server (the wildcard itself is covered).</param>
/// <param name="GrantedForServers">When not <paramref name="Granted"/>: the listed servers it is granted for by narrower rules.</param>
public sealed record OvhRuleDiagnosis(OvhRequiredAccessRule Required, bool Granted, IReadOnlyList<string> GrantedForServers);

/// <summary>One server of the account: whether OVH offers its HTML5 console (null: its IPMI features could not be read).</summary>
public sealed record OvhServerDiagnosis(string Id, string Name, bool? Html5Console);

/// <summary>The address OVH will let open the console.</summary>
/// <param name="Ip">The configured address, or the one OVH sees for this machine; null when it could not be learnt.</param>
/// <param name="Configured">True when it comes from the configuration rather than <c>POST /me/geolocation</c>.</param>
/// <param name="IsIpv4">OVH only accepts an IPv4 address in <c>ipToAllow</c>.</param>
/// <param name="Problem">Why it could not be learnt, or null.</param>
public sealed record OvhAllowedIpDiagnosis(string? Ip, bool Configured, bool IsIpv4, string? Problem);
