using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace OvhIkvm.Ovh.Api;

/// <summary>
/// The signed OVH API client: one fresh, signed request per attempt, retries from <see cref="OvhResiliencePipelines"/>,
/// one clock re-synchronisation when OVH rejects a timestamp or signature, and errors translated for the user.
/// Redirects are never followed (the handler is built with AllowAutoRedirect=false), so signed requests only reach the configured host.
/// </summary>
internal sealed class OvhApiClient(
    IHttpClientFactory httpClientFactory,
    OvhOptions options,
    OvhClock clock,
    OvhResiliencePipelines pipelines,
    OvhRequestGate gate,
    TimeProvider time,
    ILogger<OvhApiClient> logger)
{
    public const string HttpClientName = "OvhIkvm.Ovh";

    /// <summary>Largest body accepted from OVH; the biggest real answer (a long server list) is far below it.</summary>
    public const int MaxResponseBytes = 4 * 1024 * 1024;

    private const string JsonMediaType = "application/json";

    public Task<T> GetAsync<T>(OvhRoute route, JsonTypeInfo<T> responseType, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, route, body: null, responseType, idempotent: true, cancellationToken);

    /// <summary>A POST; <paramref name="idempotent"/> says whether repeating it after an unclear failure is harmless.</summary>
    public Task<T> PostAsync<T>(OvhRoute route, string? jsonBody, JsonTypeInfo<T> responseType, bool idempotent, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, route, jsonBody, responseType, idempotent, cancellationToken);

    private async Task<T> SendAsync<T>(
        HttpMethod method,
        OvhRoute route,
        string? body,
        JsonTypeInfo<T> responseType,
        bool idempotent,
        CancellationToken cancellationToken)
    {
        var uri = route.ToUri(OvhEndpoints.Resolve(options));
        var call = $"{method.Method} {route.AccessRule}";
        for (var resynchronized = false; ; resynchronized = true)
        {
            if (route.IsSigned)
            {
                await clock.EnsureSynchronizedAsync(ReadServerTimeAsync, cancellationToken).ConfigureAwait(false);
            }

            var generation = clock.Generation;
            using var response = await ExchangeAsync(method, uri, route, body, call, idempotent, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var queryId = QueryIdOf(response);
            if (response.IsSuccessStatusCode)
            {
                return Deserialize(text, responseType, call, queryId);
            }

            if ((int)response.StatusCode is >= 300 and < 400)
            {
                throw new OvhApiException(
                    OvhFailure.Redirected,
                    $"The OVH API answered {call} with a redirect (HTTP {(int)response.StatusCode}), which is never followed; check OVH_ENDPOINT or OVH_IKVM_API_URL.",
                    response.StatusCode,
                    queryId);
            }

            var error = OvhErrorTranslator.Translate(method, route, response.StatusCode, text, queryId);
            if (!resynchronized && route.IsSigned && error.Failure is OvhFailure.StaleTimestamp or OvhFailure.InvalidSignature)
            {
                logger.ResynchronizingClock(call, error.Failure.ToString());
                clock.Invalidate(generation);
                continue;
            }

            throw error;
        }
    }

    private async Task<HttpResponseMessage> ExchangeAsync(
        HttpMethod method,
        Uri uri,
        OvhRoute route,
        string? body,
        string call,
        bool idempotent,
        CancellationToken cancellationToken)
    {
        var pipeline = idempotent ? pipelines.SafeRequests : pipelines.UnsafeRequests;
        var context = ResilienceContextPool.Shared.Get(call, cancellationToken);
        var started = time.GetTimestamp();
        try
        {
            var state = (Client: this, Method: method, Uri: uri, Route: route, Body: body);
            var outcome = await pipeline.ExecuteOutcomeAsync(static (ctx, s) => s.Client.AttemptAsync(s.Method, s.Uri, s.Route, s.Body, ctx.CancellationToken), context, state)
                .ConfigureAwait(false);

            if (outcome.Exception is { } exception)
            {
                throw Translate(exception, call, cancellationToken);
            }

            var response = outcome.Result!;
            logger.CallCompleted(call, (int)response.StatusCode, time.GetElapsedTime(started).TotalMilliseconds, QueryIdOf(response));
            return response;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One attempt: wait for this process's turn (unbounded by the attempt timeout), then send within it.</summary>
    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(HttpMethod method, Uri uri, OvhRoute route, string? body, CancellationToken cancellationToken)
    {
        try
        {
            await gate.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            return Outcome.FromException<HttpResponseMessage>(ex);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            return await pipelines.Attempt.ExecuteOutcomeAsync(
                static async (ctx, s) =>
                {
                    try
                    {
                        return Outcome.FromResult(await s.Client.SendOnceAsync(s.Method, s.Uri, s.Route, s.Body, ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Client: this, Method: method, Uri: uri, Route: route, Body: body)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Exception Translate(Exception exception, string call, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => new OperationCanceledException(cancellationToken),
        TimeoutRejectedException or OperationCanceledException => new OvhApiException(
            OvhFailure.Timeout,
            $"The OVH API did not answer {call} within {options.RequestTimeout.TotalSeconds:0.###} s; OVH may be slow right now, try again in a minute.",
            innerException: exception),
        HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } => new OvhApiException(
            OvhFailure.UnexpectedAnswer,
            $"The OVH API answered {call} with more than {MaxResponseBytes / (1024 * 1024)} MiB, which this tool does not accept.",
            innerException: exception),
        HttpRequestException http => new OvhApiException(
            OvhFailure.Unreachable,
            $"Could not reach the OVH API at {OvhEndpoints.Resolve(options).Host} ({http.HttpRequestError}); check the network and OVH_ENDPOINT.",
            innerException: exception),
        _ => exception,
    };

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, Uri uri, OvhRoute route, string? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Add("X-Ovh-Application", options.ApplicationKey);
        request.Headers.Accept.ParseAdd(JsonMediaType);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, JsonMediaType);
        }

        if (route.IsSigned)
        {
            var timestamp = clock.CurrentTimestamp();
            var consumerKey = options.ConsumerKey.Reveal();
            request.Headers.Add("X-Ovh-Consumer", consumerKey);
            request.Headers.Add("X-Ovh-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(
                "X-Ovh-Signature",
                OvhSignature.Compute(options.ApplicationSecret.Reveal(), consumerKey, method.Method, uri.AbsoluteUri, body ?? string.Empty, timestamp));
        }

        var http = httpClientFactory.CreateClient(HttpClientName);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // Every caller in this process shares the consumer key OVH is limiting, so every caller waits.
            gate.HoldOff(OvhResiliencePipelines.RetryAfter(response, time, options.MaxRetryDelay) ?? options.RetryBaseDelay);
        }

        return response;
    }

    private async Task<long> ReadServerTimeAsync(CancellationToken cancellationToken)
    {
        var serverTime = await SendAsync(HttpMethod.Get, OvhRoute.AuthTime, body: null, OvhJsonContext.Default.Int64, idempotent: true, cancellationToken)
            .ConfigureAwait(false);
        logger.ClockSynchronized(serverTime - time.GetUtcNow().ToUnixTimeSeconds());
        return serverTime;
    }

    private static T Deserialize<T>(string text, JsonTypeInfo<T> type, string call, string? queryId)
    {
        try
        {
            if (JsonSerializer.Deserialize(text, type) is { } value)
            {
                return value;
            }
        }
        catch (JsonException)
        {
            // Reported below: a success status with an unreadable body is as useless as an error.
        }

        throw new OvhApiException(
            OvhFailure.UnexpectedAnswer,
            $"The OVH API answered {call} with a body this tool cannot read; try again, and report it if it persists" +
            (queryId is null ? "." : $" (OVH query id {OvhErrorTranslator.Quote(queryId)})."),
            HttpStatusCode.OK,
            queryId);
    }

    private static string? QueryIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Ovh-QueryID", out var values) ? values.FirstOrDefault() : null;
}
