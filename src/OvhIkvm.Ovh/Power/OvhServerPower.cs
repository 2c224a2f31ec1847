using Microsoft.Extensions.Logging;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Api;
using OvhIkvm.Ovh.Api.Models;
using OvhIkvm.Ovh.Tasks;

namespace OvhIkvm.Ovh.Power;

/// <summary>
/// <c>POST /dedicated/server/{sn}/reboot</c> (a hard reboot) and its <c>hardReboot</c> task, followed by the same
/// <see cref="OvhTaskFollower"/> as a console access task. The POST is never retried: a reboot sent twice reboots twice.
/// </summary>
internal sealed partial class OvhServerPower(
    OvhOptions options,
    OvhApiClient api,
    OvhTaskFollower tasks,
    TimeProvider time,
    ILogger<OvhServerPower> logger) : IServerPowerControl
{
    public string ProviderName => OvhConsoleProvider.ProviderName;

    public async Task<PowerActionResult> RebootAsync(string serverId, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        var started = time.GetTimestamp();
        DedicatedServerTask task;
        try
        {
            task = await api.PostAsync(OvhRoute.Reboot(serverId), null, OvhJsonContext.Default.DedicatedServerTask, idempotent: false, cancellationToken).ConfigureAwait(false);
        }
        catch (OvhApiException ex) when (ex.Failure == OvhFailure.NotGranted)
        {
            throw new ConsoleException(
                $"OVH refused to reboot {serverId}: the consumer key lacks the access rule POST /dedicated/server/*/reboot; request a key with it (`ovh-ikvm-mcp credentials --allow-power`) and set OVH_CONSUMER_KEY.",
                ex);
        }

        LogRebootRequested(logger, serverId, task.TaskId, task.Status);
        progress?.Report(new ConsoleProgress($"OVH reboot task {task.TaskId}: {task.Status ?? "pending"}", time.GetElapsedTime(started)));
        var finished = task.IsPending
            ? await tasks.FollowAsync(
                serverId,
                task,
                read => progress?.Report(new ConsoleProgress(
                    read.Failed ? $"OVH reboot task {read.TaskId}: {read.Status} (reading it failed, retrying)" : $"OVH reboot task {read.TaskId}: {read.Status}",
                    time.GetElapsedTime(started))),
                cancellationToken).ConfigureAwait(false)
            : task;
        if (!finished.IsDone)
        {
            var comment = string.IsNullOrWhiteSpace(finished.Comment) ? "OVH gave no reason" : $"OVH says: {OvhErrorTranslator.Quote(finished.Comment)}";
            throw new ConsoleException(
                $"OVH did not reboot {serverId}: task {finished.TaskId} ended as {OvhErrorTranslator.Quote(finished.Status)} ({comment}); look at the server in the OVH control panel before trying again.");
        }

        var elapsed = time.GetElapsedTime(started);
        LogRebooted(logger, serverId, finished.TaskId, elapsed.TotalSeconds);
        return new PowerActionResult(finished.TaskId, finished.Status!, elapsed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Requested a hard reboot of {ServerId}: OVH task {TaskId} ({Status})")]
    private static partial void LogRebootRequested(ILogger logger, string serverId, long taskId, string? status);

    [LoggerMessage(Level = LogLevel.Information, Message = "OVH rebooted {ServerId} (task {TaskId}) in {Seconds:0} s")]
    private static partial void LogRebooted(ILogger logger, string serverId, long taskId, double seconds);
}
