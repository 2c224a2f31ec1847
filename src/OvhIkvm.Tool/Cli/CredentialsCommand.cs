using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh;
using OvhIkvm.Ovh.Account;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Consoles;

namespace OvhIkvm.Tool.Cli;

/// <summary>
/// <c>ovh-ikvm-mcp credentials [--redirect url]</c>: asks OVH for a consumer key with the minimal access rules and
/// prints the validation URL, the new key and what to do next. The key is the user's own new secret: printing it to
/// the terminal that asked is the point; it is never logged.
/// </summary>
internal static class CredentialsCommand
{
    public static async Task<int> RunAsync(ToolConfiguration configuration, string? redirect, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (Problem(configuration, redirect) is { } problem)
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var options = new OvhCredentialRequestOptions
        {
            Endpoint = configuration[ToolSettings.Endpoint]!,
            ApplicationKey = configuration[ToolSettings.ApplicationKey]!,
            ApiBaseUrl = OvhProviderRegistration.ApiBaseUrl(configuration),
        };
        var services = await CliServices.BuildAsync(configuration, s => s.AddOvhCredentialRequests(options), cancellationToken).ConfigureAwait(false);
        await using var disposeServices = services.ConfigureAwait(false);
        var allowedIpConfigured = configuration.IsSet(ToolSettings.AllowedIp);
        ConsumerKeyRequest request;
        try
        {
            await error.WriteLineAsync("Asking OVH for a consumer key with the access rules this tool needs...").ConfigureAwait(false);
            request = await services.GetRequiredService<IOvhConsumerKeyRequests>()
                .RequestConsumerKeyAsync(allowedIpConfigured, configuration.IsOn(ToolSettings.AllowPower), redirect is null ? null : new Uri(redirect, UriKind.Absolute), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ConsoleException ex)
        {
            await error.WriteLineAsync(UntrustedText.Printable(ex.Message, ServersCommand.ErrorLength)).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await output.WriteAsync(NextSteps(request, configuration, allowedIpConfigured)).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static string? Problem(ToolConfiguration configuration, string? redirect)
    {
        if (!configuration.IsSet(ToolSettings.ApplicationKey))
        {
            return $"Creating a consumer key needs the application key: set {ToolSettings.ApplicationKey.EnvironmentVariable} (or pass {ToolSettings.ApplicationKey.Flag}); " +
                "create an application on your endpoint's createApp page, e.g. https://eu.api.ovh.com/createApp/.";
        }

        if (configuration[ToolSettings.ApiUrl] is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            return $"{ToolSettings.ApiUrl.EnvironmentVariable} must be an absolute URL such as https://eu.api.ovh.com/1.0.";
        }

        return redirect is not null
            && (!Uri.TryCreate(redirect, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            ? "--redirect must be an absolute http(s) URL, such as https://example.com/done."
            : null;
    }

    private static string NextSteps(ConsumerKeyRequest request, ToolConfiguration configuration, bool allowedIpConfigured)
    {
        var text = new StringBuilder();
        // The state and the rules are OVH's answer, shown as text we did not write.
        text.AppendLine($"OVH created a consumer key ({UntrustedText.Printable(request.State)}) with these access rules:");
        var rules = request.AccessRules.Select(r => (Method: UntrustedText.Printable(r.Method), Path: UntrustedText.Printable(r.Path))).ToList();
        var width = rules.Max(r => r.Method.Length);
        foreach (var rule in rules)
        {
            text.AppendLine($"  {rule.Method.PadRight(width)} {rule.Path}");
        }

        if (configuration.IsOn(ToolSettings.AllowPower))
        {
            text.AppendLine($"  (POST /dedicated/server/*/reboot included for {ToolSettings.AllowPower.Flag}: with this key, reboot_server can hard-reboot any of the account's servers)");
        }

        if (allowedIpConfigured)
        {
            text.AppendLine($"  (POST /me/geolocation left out: {ToolSettings.AllowedIp.EnvironmentVariable} is set, so the tool never asks OVH for this machine's address)");
        }

        text.AppendLine()
            .AppendLine("Next steps:")
            .AppendLine("  1. Open this URL, log in to the OVH account that owns the servers and approve the key (choose its validity there):")
            .AppendLine($"     {request.ValidationUrl.AbsoluteUri}")
            .AppendLine("  2. Give the tool the new consumer key, in the MCP client's configuration or the environment:")
            .AppendLine($"     {ToolSettings.ConsumerKey.EnvironmentVariable}={request.ConsumerKey.Reveal()}");
        if (!configuration.IsSet(ToolSettings.ApplicationSecret))
        {
            text.AppendLine($"     together with {ToolSettings.ApplicationSecret.EnvironmentVariable}, the secret of application {configuration[ToolSettings.ApplicationKey]}.");
        }

        text.AppendLine("  3. Check the whole setup: ovh-ikvm-mcp doctor")
            .AppendLine("Keep the consumer key secret: with the application secret it opens your servers' consoles.");
        return text.ToString();
    }
}
