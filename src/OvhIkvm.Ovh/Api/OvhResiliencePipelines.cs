using System.Net;
using Microsoft.Extensions.Logging;
using OvhIkvm.Ovh.Api.Models;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OvhIkvm.Ovh.Api;

/// <summary>
/// Every retry and timeout policy of the OVH client, built once from <see cref="OvhOptions"/>. Signing happens inside
/// each attempt (a fresh request with a fresh timestamp), so a retried call is never a replay of a stale signature.
/// </summary>
internal sealed class OvhResiliencePipelines
{
    /// <summary>Carries the progress callback of one task poll into <see cref="TaskPolling"/>'s retry hook.</summary>
    public static readonly ResiliencePropertyKey<Action<DedicatedServerTask?, Exception?>> TaskPollObserver = new("ovh.task-poll-observer");

    public OvhResiliencePipelines(OvhOptions options, TimeProvider time, ILogger<OvhResiliencePipelines> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        SafeRequests = BuildRequestPipeline(options, time, logger, ShouldRetrySafe);
        UnsafeRequests = BuildRequestPipeline(options, time, logger, ShouldRetryUnsafe);
        Attempt = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }.AddTimeout(options.RequestTimeout).Build();
        TaskPolling = BuildTaskPolling(options, time);
    }

    /// <summary>For GETs and calls that change nothing: retried on 429, 5xx, timeouts and network errors.</summary>
    public ResiliencePipeline<HttpResponseMessage> SafeRequests { get; }

    /// <summary>
    /// For calls that create something (an access task): retried only when OVH certainly did not act on the request:
    /// a 429, or a connection that never opened. A 5xx or a timeout may hide a task that was created, so it is not repeated.
    /// </summary>
    public ResiliencePipeline<HttpResponseMessage> UnsafeRequests { get; }

    /// <summary>
    /// One attempt's timeout, inside the retries and after the wait for <see cref="OvhRequestGate"/>, so that waiting
    /// one's turn never counts as OVH being slow (a POST whose attempt timed out is not repeated).
    /// </summary>
    public ResiliencePipeline<HttpResponseMessage> Attempt { get; }

    /// <summary>Re-reads a task every poll interval while it is pending or while reading it fails transiently.</summary>
    public ResiliencePipeline<DedicatedServerTask> TaskPolling { get; }

    private static ValueTask<bool> ShouldRetrySafe(Outcome<HttpResponseMessage> outcome) => ValueTask.FromResult(outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        _ => false,
    });

    private static ValueTask<bool> ShouldRetryUnsafe(Outcome<HttpResponseMessage> outcome) => ValueTask.FromResult(outcome switch
    {
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } } => true,
        { Result: { } response } => response.StatusCode == HttpStatusCode.TooManyRequests,
        _ => false,
    });

    private static ResiliencePipeline<HttpResponseMessage> BuildRequestPipeline(
        OvhOptions options,
        TimeProvider time,
        ILogger logger,
        Func<Outcome<HttpResponseMessage>, ValueTask<bool>> shouldRetry)
    {
        var maxDelay = options.MaxRetryDelay;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetryAttempts == 0)
        {
            return builder.Build();
        }

        return builder
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => shouldRetry(args.Outcome),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = maxDelay,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time, maxDelay)),
                OnRetry = args =>
                {
                    var outcome = args.Outcome.Result is { } response ? $"HTTP {(int)response.StatusCode}" : args.Outcome.Exception?.GetType().Name;
                    logger.RetryingRequest(args.Context.OperationKey, args.AttemptNumber + 1, outcome, args.RetryDelay);
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Honours Retry-After (seconds or a date), capped so a hostile value cannot park a call for hours.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time, TimeSpan maxDelay)
    {
        if (response?.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - time.GetUtcNow() : null);
        return delay is { } value ? TimeSpan.FromTicks(Math.Clamp(value.Ticks, 0, maxDelay.Ticks)) : null;
    }

    private static ResiliencePipeline<DedicatedServerTask> BuildTaskPolling(OvhOptions options, TimeProvider time) =>
        new ResiliencePipelineBuilder<DedicatedServerTask> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<DedicatedServerTask>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: OvhApiException { IsTransient: true } } => true,
                    { Result: { IsPending: true } } => true,
                    _ => false,
                }),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Constant,
                Delay = options.TaskPollInterval,
                UseJitter = false,
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(TaskPollObserver, out var observe))
                    {
                        observe(args.Outcome.Result, args.Outcome.Exception);
                    }

                    return default;
                },
            })
            .Build();
}
