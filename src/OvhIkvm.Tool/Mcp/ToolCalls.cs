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
}
