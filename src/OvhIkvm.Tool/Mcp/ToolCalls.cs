namespace OvhIkvm.Tool.Mcp;

/// <summary>Starts each tool call with the configured deadline, on the host's clock.</summary>
internal sealed class ToolCalls(ToolCallOptions options, TimeProvider time)
{
    public ToolCallOptions Options => options;

    /// <param name="waitingFor">What the call waits for until the pipeline reports a step of its own.</param>
    /// <param name="progress">The SDK's progress sink for this request.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    public ToolCall Start(string waitingFor, IProgress<ModelContextProtocol.ProgressNotificationValue> progress, CancellationToken cancellationToken) =>
        new(waitingFor, options.CallTimeout, time, progress, cancellationToken);

    /// <summary>
    /// A call that waits on purpose for up to <paramref name="waitLimit"/> once its console is open: its deadline is
    /// the call timeout (for opening) plus that wait, so the generic deadline never cuts a wait the client asked for.
    /// </summary>
    public ToolCall StartWaiting(string waitingFor, TimeSpan waitLimit, IProgress<ModelContextProtocol.ProgressNotificationValue> progress, CancellationToken cancellationToken) =>
        new(waitingFor, options.CallTimeout + waitLimit + WaitSlack, time, progress, cancellationToken);

    /// <summary>What the last follow step and the answer may take beyond a wait's own timeout.</summary>
    private static TimeSpan WaitSlack => TimeSpan.FromSeconds(5);
}
