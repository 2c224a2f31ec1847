using Microsoft.Extensions.Logging;
using OvhIkvm.Ovh.Api;
using OvhIkvm.Ovh.Api.Models;
using Polly;

namespace OvhIkvm.Ovh.Tasks;

/// <summary>
/// Follows an OVH <c>dedicated.server.Task</c> (<c>GET …/task/{id}</c>) through <see cref="OvhResiliencePipelines.TaskPolling"/>
/// until it leaves the pending states, whatever created it (a console access request, a reboot). There is no deadline
/// here: the caller's token bounds the wait, because each caller has its own budget and its own timeout sentence.
/// </summary>
internal sealed class OvhTaskFollower(
    OvhOptions options,
    OvhApiClient api,
    OvhResiliencePipelines pipelines,
    TimeProvider time,
    ILogger<OvhTaskFollower> logger)
{
    /// <summary>
    /// Reads the task every poll interval, the first time one interval from now, until it is no longer pending, and
    /// returns it in that state. <paramref name="onRead"/> hears of every read that leaves it pending or fails transiently.
    /// </summary>
    /// <exception cref="OvhApiException">A read failed in a way that is not transient (e.g. the key may not read tasks).</exception>
    public async Task<DedicatedServerTask> FollowAsync(string serviceName, DedicatedServerTask task, Action<OvhTaskRead> onRead, CancellationToken cancellationToken)
    {
        var route = OvhRoute.Task(serviceName, task.TaskId);
        var lastStatus = task.Status ?? "pending";
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OvhResiliencePipelines.TaskPollObserver, (polled, error) =>
        {
            lastStatus = polled?.Status ?? lastStatus;
            if (polled is not null)
            {
                logger.TaskPolled(task.TaskId, serviceName, lastStatus);
            }

            onRead(new OvhTaskRead(task.TaskId, lastStatus, Failed: error is not null));
        });
        try
        {
            // The first read waits one interval: OVH has just created the task and it is never done this fast.
            await Task.Delay(options.TaskPollInterval, time, cancellationToken).ConfigureAwait(false);
            return await pipelines.TaskPolling.ExecuteAsync(
                static async (ctx, s) => await s.Api.GetAsync(s.Route, OvhJsonContext.Default.DedicatedServerTask, ctx.CancellationToken).ConfigureAwait(false),
                context,
                (Api: api, Route: route)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
