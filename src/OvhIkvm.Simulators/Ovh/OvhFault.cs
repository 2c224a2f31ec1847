namespace OvhIkvm.Simulators.Ovh;

/// <summary>A fault applied to the next <see cref="Times"/> requests that match <see cref="Route"/>.</summary>
/// <param name="Kind">What happens.</param>
/// <param name="Route">Method and path pattern, with <c>*</c> for one or more path characters, e.g. <c>GET /dedicated/server/*/task/*</c>.</param>
/// <param name="Times">How many matching requests it applies to.</param>
public sealed record OvhFault(OvhFaultKind Kind, string Route, int Times = 1)
{
    public int StatusCode { get; init; } = 500;

    /// <summary>Sent as Retry-After (whole seconds) with a <see cref="OvhFaultKind.Status"/> answer.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>How long a <see cref="OvhFaultKind.Slow"/> answer waits.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(30);
}
