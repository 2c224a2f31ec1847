using System.Net;
using System.Text.Json;
using OvhIkvm.Consoles;

namespace OvhIkvm.Ovh.Api;

/// <summary>
/// Turns an OVH error response into an <see cref="OvhApiException"/> whose message tells the user what to change.
/// OVH answers in two JSON shapes and sometimes in HTML; every body is treated as untrusted text.
/// </summary>
internal static class OvhErrorTranslator
{
    private const int MaxQuotedLength = 200;
    private const string RulesAdvice = "`ovh-ikvm-mcp credentials` requests one with every rule this tool needs";

    public static OvhApiException Translate(HttpMethod method, OvhRoute route, HttpStatusCode status, string body, string? queryId)
    {
        var error = Parse(body);
        var code = error?.ErrorCode ?? string.Empty;
        var ovhMessage = Quote(error?.Message);
        var call = $"{method.Method} {route.AccessRule}";
        var suffix = queryId is null ? "." : $" (OVH query id {Quote(queryId)}).";
        var failure = Classify(status, code, error?.Class);
        var message = failure switch
        {
            OvhFailure.NotGranted =>
                $"The OVH consumer key is not allowed to call {call}; create a consumer key whose access rules include {call} ({RulesAdvice}) and set OVH_CONSUMER_KEY",
            OvhFailure.InvalidCredential =>
                "OVH rejected the consumer key (not validated yet, expired or revoked); generate a new consumer key (`ovh-ikvm-mcp credentials`), open its validation URL to approve it, and set OVH_CONSUMER_KEY",
            OvhFailure.InvalidApplicationKey =>
                "OVH does not know this application key on this endpoint; check OVH_APPLICATION_KEY and that OVH_ENDPOINT is the region where the application was created",
            OvhFailure.InvalidSignature =>
                "OVH rejected the request signature; check that OVH_APPLICATION_SECRET belongs to OVH_APPLICATION_KEY and that OVH_CONSUMER_KEY was created for that application",
            OvhFailure.StaleTimestamp =>
                "OVH rejected the request timestamp even after re-synchronising with the API clock; check this machine's clock and try again",
            OvhFailure.NotFound => $"OVH answered 404 for {call}: {ovhMessage}",
            OvhFailure.Conflict => $"OVH refused {call} because another operation is in progress ({ovhMessage}); wait a minute and try again",
            OvhFailure.RateLimited => $"OVH is rate-limiting this consumer key ({call}); wait a minute before trying again",
            OvhFailure.ServerError => $"The OVH API failed on {call} with HTTP {(int)status} {ovhMessage}; OVH may be having an incident, try again in a few minutes",
            _ => $"OVH refused {call} with HTTP {(int)status}: {ovhMessage}",
        };
        return new OvhApiException(failure, message + suffix, status, queryId);
    }

    private static OvhFailure Classify(HttpStatusCode status, string code, string? errorClass) => (int)status switch
    {
        400 when code == "QUERY_TIME_OUT" => OvhFailure.StaleTimestamp,
        400 when code == "INVALID_SIGNATURE" => OvhFailure.InvalidSignature,
        401 or 403 when code is "INVALID_CREDENTIAL" or "NOT_CREDENTIAL" => OvhFailure.InvalidCredential,
        401 or 403 when code == "INVALID_KEY" => OvhFailure.InvalidApplicationKey,
        403 when code == "NOT_GRANTED_CALL" || (errorClass?.StartsWith("Client::Forbidden", StringComparison.Ordinal) ?? false) => OvhFailure.NotGranted,
        401 => OvhFailure.InvalidCredential,
        403 => OvhFailure.NotGranted,
        404 => OvhFailure.NotFound,
        409 => OvhFailure.Conflict,
        429 => OvhFailure.RateLimited,
        >= 500 => OvhFailure.ServerError,
        _ => OvhFailure.Rejected,
    };

    private static OvhErrorBody? Parse(string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        if (trimmed.IsEmpty || trimmed[0] != '{')
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, OvhJsonContext.Default.OvhErrorBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Text from OVH, shortened and made printable so that it cannot forge log lines, reorder a message or flood it.</summary>
    internal static string Quote(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "(no details)" : UntrustedText.Printable(text.Trim(), MaxQuotedLength).Trim();

}
