using Microsoft.Extensions.Logging;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Api;
using OvhIkvm.Ovh.Api.Models;
using OvhIkvm.Ovh.Inventory;

namespace OvhIkvm.Ovh.Account;

/// <summary>
/// The doctor's checks, in the order a user fixes things: settings, API and clock, consumer key (state, expiry, rules),
/// servers, allowed IP. A failed step stops the steps that depend on it; its reason is kept for the report.
/// </summary>
internal sealed class OvhAccountChecks(
    OvhApiClient api,
    OvhOptions options,
    OvhServerInventory inventory,
    TimeProvider time,
    ILogger<OvhAccountChecks> logger) : IOvhAccountChecks
{
    private static readonly OvhDiagnosis Empty = new(null, null, null, null, null, [], [], null, null);

    public async Task<OvhDiagnosis> DiagnoseAsync(IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        void Report(string stage) => progress?.Report(new ConsoleProgress(stage, time.GetElapsedTime(started)));

        Uri baseUrl;
        try
        {
            options.Validate();
            baseUrl = OvhEndpoints.Resolve(options);
        }
        catch (ConsoleConfigurationException ex)
        {
            return Empty with { ConfigurationProblem = ex.Message };
        }

        var diagnosis = Empty with { Api = baseUrl };
        Report($"reaching the OVH API at {baseUrl.Host}");
        try
        {
            var serverTime = await api.GetAsync(OvhRoute.AuthTime, OvhJsonContext.Default.Int64, cancellationToken).ConfigureAwait(false);
            diagnosis = diagnosis with { ClockOffset = TimeSpan.FromSeconds(serverTime - time.GetUtcNow().ToUnixTimeSeconds()) };
        }
        catch (ConsoleException ex)
        {
            return diagnosis with { ApiProblem = ex.Message };
        }

        Report("reading the consumer key's state and access rules");
        var (credential, granted) = await ReadCredentialAsync(diagnosis.ClockOffset!.Value, cancellationToken).ConfigureAwait(false);
        diagnosis = diagnosis with { Credential = credential, Rules = granted is null ? [] : JudgeRules(granted, []) };
        if (!credential.IsUsable)
        {
            return diagnosis;
        }

        Report("listing the servers and their IPMI features");
        try
        {
            var servers = await inventory.GetServersAsync(cancellationToken).ConfigureAwait(false);
            diagnosis = diagnosis with
            {
                Servers = [.. servers.Select(s => new OvhServerDiagnosis(s.Id, s.Name, s.ConsoleAvailable))],
                Rules = JudgeRules(granted!, [.. servers.Select(s => s.Id)]),
            };
        }
        catch (ConsoleException ex)
        {
            diagnosis = diagnosis with { ServersProblem = ex.Message };
        }

        if (options.AllowedIp is null)
        {
            Report("asking OVH which address it sees for this machine");
        }

        diagnosis = diagnosis with { AllowedIp = await AllowedIpAsync(cancellationToken).ConfigureAwait(false) };
        logger.DiagnosisCompleted(time.GetElapsedTime(started).TotalMilliseconds);
        return diagnosis;
    }

    /// <summary>
    /// Each needed rule against the granted ones, and the reboot rule, which only the hands tier needs (doctor says
    /// whether it is there); a rule not granted for every server is also tried for each listed
    /// server, because a key scoped to some servers (<c>POST /dedicated/server/ns1.example/features/ipmi/access</c>)
    /// works for those.
    /// </summary>
    private List<OvhRuleDiagnosis> JudgeRules(IReadOnlyList<OvhAccessRule> granted, IReadOnlyList<string> serverIds) =>
        [.. OvhRequiredAccessRules.For(options.AllowedIp is not null, allowPower: true).Select(required =>
            OvhAccessRuleMatcher.IsCovered(granted, required.Rule)
                ? new OvhRuleDiagnosis(required, Granted: true, [])
                : new OvhRuleDiagnosis(required, Granted: false, [.. serverIds.Where(id => OvhAccessRuleMatcher.IsCovered(granted, ForServer(required.Rule, id)))]))];

    /// <summary>The rule with its server wildcard replaced by one (allowlisted, so wildcard-free) service name.</summary>
    private static OvhAccessRule ForServer(OvhAccessRule rule, string serviceName)
    {
        const string ServerWildcard = "/dedicated/server/*";
        return rule.Path.StartsWith(ServerWildcard, StringComparison.Ordinal)
            ? rule with { Path = string.Concat("/dedicated/server/", serviceName, rule.Path.AsSpan(ServerWildcard.Length)) }
            : rule;
    }

    private async Task<(OvhCredentialDiagnosis Credential, IReadOnlyList<OvhAccessRule>? Granted)> ReadCredentialAsync(
        TimeSpan clockOffset,
        CancellationToken cancellationToken)
    {
        ApiCredential current;
        try
        {
            current = await api.GetAsync(OvhRoute.CurrentCredential, OvhJsonContext.Default.ApiCredential, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsoleException ex)
        {
            return (new OvhCredentialDiagnosis(null, null, [], ex.Message), null);
        }

        // OVH states the expiry in its own clock; the user compares it with theirs.
        var expiresAt = current.Expiration - clockOffset;
        var granted = (current.Rules ?? []).Where(r => r is { Method: not null, Path: not null }).ToList();
        var status = current.Status is null ? null : OvhErrorTranslator.Quote(current.Status);
        var problem = status switch
        {
            "validated" when expiresAt <= time.GetUtcNow() =>
                $"The consumer key expired at {expiresAt:u}; run `ovh-ikvm-mcp credentials` for a new one and set OVH_CONSUMER_KEY.",
            "validated" => null,
            "pendingValidation" =>
                "The consumer key is waiting for approval: open the validation URL `ovh-ikvm-mcp credentials` printed and log in, or run that command again for a new key.",
            "expired" => "The consumer key has expired; run `ovh-ikvm-mcp credentials` for a new one and set OVH_CONSUMER_KEY.",
            "refused" => "The consumer key was refused on its validation page; run `ovh-ikvm-mcp credentials` for a new one and approve it.",
            _ => $"OVH reports the consumer key as '{status ?? "(no state)"}', not validated; run `ovh-ikvm-mcp credentials` for a new one.",
        };
        var allowedIps = (current.AllowedIPs ?? []).Select(ip => OvhErrorTranslator.Quote(ip)).ToList();
        return (new OvhCredentialDiagnosis(status, expiresAt, allowedIps, problem), granted);
    }

    private async Task<OvhAllowedIpDiagnosis> AllowedIpAsync(CancellationToken cancellationToken)
    {
        if (options.AllowedIp is { } configured)
        {
            return new OvhAllowedIpDiagnosis(configured, Configured: true, OvhOptions.IsPublicIpv4Syntax(configured), null);
        }

        try
        {
            var location = await api.PostAsync(OvhRoute.Geolocation, jsonBody: null, OvhJsonContext.Default.Geolocation, idempotent: true, cancellationToken)
                .ConfigureAwait(false);
            return location.Ip is { } ip
                ? new OvhAllowedIpDiagnosis(OvhErrorTranslator.Quote(ip), Configured: false, OvhOptions.IsPublicIpv4Syntax(ip), null)
                : new OvhAllowedIpDiagnosis(null, Configured: false, IsIpv4: false, "OVH's geolocation answer holds no address; set OVH_IKVM_ALLOWED_IP to the public IPv4 address that will open the console.");
        }
        catch (ConsoleException ex)
        {
            return new OvhAllowedIpDiagnosis(null, Configured: false, IsIpv4: false, ex.Message);
        }
    }
}
