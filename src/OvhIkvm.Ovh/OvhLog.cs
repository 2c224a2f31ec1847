using Microsoft.Extensions.Logging;

namespace OvhIkvm.Ovh;

/// <summary>
/// Every log line of the OVH provider. Arguments are limited to what is safe to show: calls are named by their access
/// rule, servers by service name; keys, signatures, timestamps and viewer URLs are never passed here.
/// </summary>
internal static partial class OvhLog
{
    [LoggerMessage(1, LogLevel.Debug, "OVH {Call} answered HTTP {Status} in {ElapsedMs:0} ms (query id {QueryId})")]
    public static partial void CallCompleted(this ILogger logger, string call, int status, double elapsedMs, string? queryId);

    [LoggerMessage(2, LogLevel.Information, "OVH {Call} failed (attempt {Attempt}: {Outcome}); retrying in {Delay}")]
    public static partial void RetryingRequest(this ILogger logger, string? call, int attempt, string? outcome, TimeSpan delay);

    [LoggerMessage(3, LogLevel.Information, "Synchronised with the OVH API clock: offset {DeltaSeconds} s")]
    public static partial void ClockSynchronized(this ILogger logger, long deltaSeconds);

    // Information, not Warning: the retry usually heals it, and when it does not the caller gets the error as a sentence,
    // so a person at a terminal (which shows Warning and above) reads that sentence alone.
    [LoggerMessage(4, LogLevel.Information, "OVH rejected the timestamp or signature of {Call} ({ErrorCode}); re-synchronising the clock and retrying once")]
    public static partial void ResynchronizingClock(this ILogger logger, string call, string errorCode);

    [LoggerMessage(5, LogLevel.Information, "Listed {Count} OVH servers in {ElapsedMs:0} ms")]
    public static partial void InventoryListed(this ILogger logger, int count, double elapsedMs);

    [LoggerMessage(6, LogLevel.Warning, "OVH returned a service name that is not safe to put in a path; it is left out of the list")]
    public static partial void UnsafeServiceNameSkipped(this ILogger logger);

    [LoggerMessage(7, LogLevel.Warning, "Could not read the IPMI features of {Server}: {Reason}")]
    public static partial void IpmiFeaturesUnknown(this ILogger logger, string server, string reason);

    [LoggerMessage(8, LogLevel.Debug, "Reusing the console access of {Server}, valid until {ExpiresAt:O}")]
    public static partial void GrantReused(this ILogger logger, string server, DateTimeOffset expiresAt);

    [LoggerMessage(9, LogLevel.Information, "Requested console access to {Server} for {TtlMinutes} min: OVH task {TaskId} is {Status}")]
    public static partial void GrantRequested(this ILogger logger, string server, int ttlMinutes, long taskId, string? status);

    [LoggerMessage(10, LogLevel.Debug, "OVH task {TaskId} for {Server}: {Status}")]
    public static partial void TaskPolled(this ILogger logger, long taskId, string server, string status);

    [LoggerMessage(11, LogLevel.Information, "Console access to {Server} granted in {ElapsedMs:0} ms, valid until {ExpiresAt:O}")]
    public static partial void GrantObtained(this ILogger logger, string server, double elapsedMs, DateTimeOffset expiresAt);

    [LoggerMessage(12, LogLevel.Warning, "OVH returned a console access for {Server} that expires at {ExpiresAt:O}, too soon to use; requesting a new one")]
    public static partial void GrantAlreadyExpired(this ILogger logger, string server, DateTimeOffset expiresAt);

    // Information: the same failure reaches the caller as the error it reports.
    [LoggerMessage(13, LogLevel.Information, "Console access to {Server} failed: {Reason}")]
    public static partial void GrantFailed(this ILogger logger, string server, string reason);

    [LoggerMessage(14, LogLevel.Information, "OVH sees this machine as {Ip}; allowing the console from it")]
    public static partial void AllowedIpDiscovered(this ILogger logger, string ip);

    [LoggerMessage(15, LogLevel.Information, "Resuming OVH task {TaskId} for {Server}, left running by an earlier request that timed out")]
    public static partial void TaskResumed(this ILogger logger, long taskId, string server);

    [LoggerMessage(16, LogLevel.Debug, "OVH account diagnosis completed in {ElapsedMs:0} ms")]
    public static partial void DiagnosisCompleted(this ILogger logger, double elapsedMs);

    [LoggerMessage(17, LogLevel.Information, "Requested a consumer key with {RuleCount} access rules; OVH says it is {State}")]
    public static partial void ConsumerKeyRequested(this ILogger logger, int ruleCount, string state);

    [LoggerMessage(18, LogLevel.Information, "OVH asked to slow down: no OVH call leaves this process for {Delay}")]
    public static partial void HoldingOff(this ILogger logger, TimeSpan delay);

    [LoggerMessage(19, LogLevel.Information, "Reusing the console access OVH already granted for {Server}, valid until {ExpiresAt:O}")]
    public static partial void GrantReusedFromOvh(this ILogger logger, string server, DateTimeOffset expiresAt);

    [LoggerMessage(20, LogLevel.Debug, "The console access OVH holds for {Server} is not usable ({Reason}); requesting a new one")]
    public static partial void OvhAccessNotReused(this ILogger logger, string server, string reason);

    [LoggerMessage(21, LogLevel.Information, "OVH refused a new console access to {Server} while task {TaskId} is pending; following that task")]
    public static partial void FollowingPendingTask(this ILogger logger, string server, long taskId);

    [LoggerMessage(22, LogLevel.Debug, "Described {Described} of {Count} OVH servers; the others' details are cached")]
    public static partial void ServersDescribed(this ILogger logger, int described, int count);
}
