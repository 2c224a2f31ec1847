namespace OvhIkvm.Consoles;

/// <summary>A power action the provider carried out.</summary>
/// <param name="TaskId">The provider's task, for the person to look up.</param>
/// <param name="Status">Its final status.</param>
/// <param name="Elapsed">From the request to the task's end.</param>
public sealed record PowerActionResult(long TaskId, string Status, TimeSpan Elapsed);
