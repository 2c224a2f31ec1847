using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Ovh.Account;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Consoles;

namespace OvhIkvm.Tool.Cli;

/// <summary>
/// <c>ovh-ikvm-mcp doctor</c>: checks the OVH setup and the targets file the way the MCP server will use them and prints
/// a checklist on stdout (progress on stderr). Exit code 0 when nothing failed (warnings allowed), 1 otherwise.
/// </summary>
internal static class DoctorCommand
{
    /// <summary>A consumer key expiring sooner than this gets a warning, so that it is renewed before screenshots stop.</summary>
    private static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(7);

    /// <summary>Signing corrects any offset, but a clock this far off makes every time shown to the user misleading.</summary>
    private static readonly TimeSpan ClockWarning = TimeSpan.FromMinutes(1);

    public static async Task<int> RunAsync(ToolConfiguration configuration, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var checklist = new DoctorChecklist(output, json);
        var targets = configuration[ToolSettings.Targets] is { } file ? Path.GetFullPath(file) : null;
        if (OvhProviderRegistration.NoneConfigured(configuration) && targets is not null)
        {
            await checklist.OkAsync("configuration", "no OVH credentials set; servers come from the targets file").ConfigureAwait(false);
        }
        else
        {
            await CheckOvhAsync(configuration, checklist, error, cancellationToken).ConfigureAwait(false);
        }

        if (targets is not null)
        {
            await DirectTargetsDoctor.ReportAsync(checklist, targets, configuration.Environment, cancellationToken).ConfigureAwait(false);
        }

        await checklist.SummaryAsync().ConfigureAwait(false);
        return checklist.Failures == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static async Task CheckOvhAsync(ToolConfiguration configuration, DoctorChecklist checklist, TextWriter error, CancellationToken cancellationToken)
    {
        if (OvhProviderRegistration.Problem(configuration) is { } problem)
        {
            await checklist.FailAsync("configuration", problem).ConfigureAwait(false);
            return;
        }

        var services = await CliServices.BuildAsync(configuration, cancellationToken).ConfigureAwait(false);
        await using var disposeServices = services.ConfigureAwait(false);
        var time = services.GetRequiredService<TimeProvider>();
        var diagnosis = await services.GetRequiredService<IOvhAccountChecks>().DiagnoseAsync(new StderrProgress(error), cancellationToken).ConfigureAwait(false);
        if (diagnosis.ConfigurationProblem is null)
        {
            await checklist.OkAsync(
                "configuration",
                $"application key {configuration[ToolSettings.ApplicationKey]}, application secret and consumer key set; endpoint {configuration[ToolSettings.Endpoint]}").ConfigureAwait(false);
        }

        await ReportAsync(checklist, diagnosis, time.GetUtcNow(), configuration.IsOn(ToolSettings.AllowPower)).ConfigureAwait(false);
    }

    private static async Task ReportAsync(DoctorChecklist checklist, OvhDiagnosis diagnosis, DateTimeOffset now, bool allowPower)
    {
        if (diagnosis.ConfigurationProblem is { } configurationProblem)
        {
            await checklist.FailAsync("configuration", configurationProblem).ConfigureAwait(false);
            return;
        }

        if (diagnosis.ApiProblem is { } apiProblem)
        {
            await checklist.FailAsync("OVH API", apiProblem).ConfigureAwait(false);
            return;
        }

        await ReportApiAsync(checklist, diagnosis).ConfigureAwait(false);
        if (diagnosis.Credential is not { } credential)
        {
            return;
        }

        await ReportCredentialAsync(checklist, credential, now).ConfigureAwait(false);
        foreach (var rule in diagnosis.Rules)
        {
            await (rule.Required == OvhRequiredAccessRules.Reboot
                ? ReportRebootRuleAsync(checklist, rule, allowPower)
                : ReportRuleAsync(checklist, rule, diagnosis.Servers.Count)).ConfigureAwait(false);
        }

        if (!credential.IsUsable)
        {
            return;
        }

        await ReportServersAsync(checklist, diagnosis).ConfigureAwait(false);
        if (diagnosis.AllowedIp is { } allowedIp)
        {
            await ReportAllowedIpAsync(checklist, allowedIp).ConfigureAwait(false);
        }
    }

    /// <summary>The reboot rule is only needed with --allow-power; without it, its absence is the safe default.</summary>
    private static Task ReportRebootRuleAsync(DoctorChecklist checklist, OvhRuleDiagnosis rule, bool allowPower)
    {
        var check = $"access rule {rule.Required.Rule}";
        return (rule.Granted, allowPower) switch
        {
            (true, true) => checklist.OkAsync(check, $"granted ({rule.Required.Purpose})"),
            (true, false) => checklist.OkAsync(check, $"granted, though {ToolSettings.AllowPower.Flag} is off so reboot_server is not offered; a key without it cannot reboot at all"),
            (false, true) => checklist.FailAsync(check, $"missing, so reboot_server cannot reboot; run `ovh-ikvm-mcp credentials {ToolSettings.AllowPower.Flag}` for a key that includes it"),
            (false, false) => checklist.OkAsync(check, $"not granted: this key cannot reboot servers (the safe default; `credentials {ToolSettings.AllowPower.Flag}` adds it)"),
        };
    }

    private static Task ReportRuleAsync(DoctorChecklist checklist, OvhRuleDiagnosis rule, int servers)
    {
        var check = $"access rule {rule.Required.Rule}";
        var advice = $"run `ovh-ikvm-mcp credentials` for a consumer key with every rule this tool needs, or create one that includes {rule.Required.Rule}";
        return rule switch
        {
            { Granted: true } => checklist.OkAsync(check, $"granted ({rule.Required.Purpose})"),
            { GrantedForServers.Count: > 0 } when rule.GrantedForServers.Count == servers => checklist.WarnAsync(
                check,
                $"granted only server by server ({string.Join(", ", rule.GrantedForServers)}), which covers every current server but no server added later; {advice}"),
            { GrantedForServers.Count: > 0 } => checklist.WarnAsync(
                check,
                $"granted only for {string.Join(", ", rule.GrantedForServers)}, not for the other servers (needed to {rule.Required.Purpose}); {advice}"),
            _ => checklist.FailAsync(check, $"missing, needed to {rule.Required.Purpose}; {advice}"),
        };
    }

    private static async Task ReportApiAsync(DoctorChecklist checklist, OvhDiagnosis diagnosis)
    {
        var offset = diagnosis.ClockOffset ?? TimeSpan.Zero;
        var seconds = offset.TotalSeconds.ToString("+0;-0;0", CultureInfo.InvariantCulture);
        var detail = $"{diagnosis.Api} answered; OVH's clock is {seconds} s from this machine's";
        await (offset.Duration() >= ClockWarning
            ? checklist.WarnAsync("OVH API", $"{detail}; requests are corrected for it, but set this machine's clock right (NTP)")
            : checklist.OkAsync("OVH API", $"{detail} (requests are signed with OVH's time)")).ConfigureAwait(false);
    }

    private static async Task ReportCredentialAsync(DoctorChecklist checklist, OvhCredentialDiagnosis credential, DateTimeOffset now)
    {
        const string Check = "consumer key";
        if (credential.Problem is { } problem)
        {
            await checklist.FailAsync(Check, problem).ConfigureAwait(false);
            return;
        }

        var networks = credential.AllowedIps.Count == 0 ? string.Empty : $"; usable only from {string.Join(", ", credential.AllowedIps)}";
        if (credential.ExpiresAt is not { } expiresAt)
        {
            await checklist.OkAsync(Check, $"{credential.Status}, never expires{networks}").ConfigureAwait(false);
            return;
        }

        var left = expiresAt - now;
        var detail = $"{credential.Status}, expires {expiresAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)} (in {Describe(left)}){networks}";
        await (left < ExpiryWarning
            ? checklist.WarnAsync(Check, $"{detail}; run `ovh-ikvm-mcp credentials` for a new one before then")
            : checklist.OkAsync(Check, detail)).ConfigureAwait(false);
    }

    private static async Task ReportServersAsync(DoctorChecklist checklist, OvhDiagnosis diagnosis)
    {
        if (diagnosis.ServersProblem is { } serversProblem)
        {
            await checklist.FailAsync("servers", serversProblem).ConfigureAwait(false);
            return;
        }

        if (diagnosis.Servers.Count == 0)
        {
            await checklist.WarnAsync("servers", "this consumer key sees no dedicated server in the account").ConfigureAwait(false);
            return;
        }

        foreach (var server in diagnosis.Servers)
        {
            var check = server.Name == server.Id ? $"server {server.Id}" : $"server {server.Id} ({server.Name})";
            await (server.Html5Console switch
            {
                true => checklist.OkAsync(check, "IPMI on, HTML5 KVM available"),
                false => checklist.WarnAsync(check, "no HTML5 KVM (IPMI off or Java viewer only); its console cannot be shown"),
                null => checklist.WarnAsync(check, "its IPMI features could not be read; check the access rule GET /dedicated/server/*/features/ipmi"),
            }).ConfigureAwait(false);
        }
    }

    private static Task ReportAllowedIpAsync(DoctorChecklist checklist, OvhAllowedIpDiagnosis allowedIp)
    {
        const string Check = "allowed IP";
        var source = allowedIp.Configured ? $"from {ToolSettings.AllowedIp.EnvironmentVariable}" : "as OVH sees this machine (POST /me/geolocation)";
        return allowedIp switch
        {
            { Problem: { } problem } => checklist.FailAsync(Check, problem),
            { IsIpv4: true } => checklist.OkAsync(Check, $"consoles will be opened for {allowedIp.Ip}, {source}; IPv4"),
            _ => checklist.FailAsync(
                Check,
                $"{allowedIp.Ip}, {source}, is not an IPv4 address and OVH only accepts IPv4; set {ToolSettings.AllowedIp.EnvironmentVariable} to the public IPv4 address that will open the console"),
        };
    }

    private static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 2 } => $"{span.TotalDays:0} days",
        { TotalHours: >= 2 } => $"{span.TotalHours:0} hours",
        _ => $"{Math.Max(0, span.TotalMinutes):0} minutes",
    };
}
