using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Ami;

/// <summary>Runs one network step under its own time limit and turns the limit into a sentence a user can act on.</summary>
internal static class StepTimeout
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> step,
        TimeSpan timeout,
        TimeProvider time,
        Func<string> describeTimeout,
        CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            return await step(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ConsoleException(describeTimeout());
        }
    }

    public static string Seconds(TimeSpan timeout) => $"{timeout.TotalSeconds:0.#} s";
}
