namespace OvhIkvm.Ovh.Api.Models;

/// <summary>The fields of <c>dedicated.server.Task</c> that the broker follows.</summary>
internal sealed record DedicatedServerTask(long TaskId, string? Function, string? Status, string? Comment)
{
    /// <summary><c>init</c>, <c>todo</c> and <c>doing</c> all mean "keep polling"; OVH has been seen to start in any of them.</summary>
    public bool IsPending => Status is "init" or "todo" or "doing";

    public bool IsDone => Status == "done";
}
