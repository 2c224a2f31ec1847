using System.Text.Json;
using Microsoft.Extensions.Logging;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Api;
using OvhIkvm.Ovh.Api.Models;

namespace OvhIkvm.Ovh.Account;

/// <summary><c>POST /auth/credential</c> with the minimal access rules; the answer is checked before anyone is told to open it.</summary>
internal sealed class OvhConsumerKeyRequests(OvhApiClient api, OvhOptions options, ILogger<OvhConsumerKeyRequests> logger) : IOvhConsumerKeyRequests
{
    /// <summary>OVH's consumer keys are 32 characters; anything far longer or not plain text is not one.</summary>
    private const int MaxConsumerKeyLength = 128;

    public async Task<ConsumerKeyRequest> RequestConsumerKeyAsync(bool allowedIpConfigured, bool allowPower, Uri? redirection, CancellationToken cancellationToken)
    {
        _ = OvhEndpoints.Resolve(options);
        if (string.IsNullOrWhiteSpace(options.ApplicationKey))
        {
            throw new ConsoleConfigurationException(
                "Creating a consumer key needs the application key: set OVH_APPLICATION_KEY (create an application at https://eu.api.ovh.com/createApp/ or your region's equivalent).");
        }

        if (redirection is not null && (!redirection.IsAbsoluteUri || (redirection.Scheme != Uri.UriSchemeHttps && redirection.Scheme != Uri.UriSchemeHttp)))
        {
            throw new ConsoleConfigurationException("The redirection must be an absolute http(s) URL, such as https://example.com/done.");
        }

        var rules = OvhRequiredAccessRules.For(allowedIpConfigured, allowPower).Select(r => r.Rule).ToList();
        var body = JsonSerializer.Serialize(new CredentialRequest(rules, redirection?.AbsoluteUri), OvhJsonContext.Default.CredentialRequest);

        // Not idempotent: a repeated request after an unclear failure would leave a second pending key behind.
        var answer = await api.PostAsync(OvhRoute.CredentialRequest, body, OvhJsonContext.Default.CredentialRequestAnswer, idempotent: false, cancellationToken)
            .ConfigureAwait(false);
        if (answer.ConsumerKey is not { Length: > 0 and <= MaxConsumerKeyLength } consumerKey || !consumerKey.All(char.IsAsciiLetterOrDigit)
            || !Uri.TryCreate(answer.ValidationUrl, UriKind.Absolute, out var validationUrl)
            || (validationUrl.Scheme != Uri.UriSchemeHttps && validationUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new OvhApiException(
                OvhFailure.UnexpectedAnswer,
                "OVH answered the consumer key request without a usable consumer key and validation URL; try again, and report it if it persists.",
                System.Net.HttpStatusCode.OK,
                queryId: null);
        }

        var state = OvhErrorTranslator.Quote(answer.State);
        logger.ConsumerKeyRequested(rules.Count, state);
        return new ConsumerKeyRequest(new Secret(consumerKey), validationUrl, state, rules);
    }
}
