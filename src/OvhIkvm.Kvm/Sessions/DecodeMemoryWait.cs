namespace OvhIkvm.Kvm.Sessions;

/// <summary>A capture that waited for the <see cref="DecodeMemoryBudget"/>: what the other captures held of it.</summary>
internal sealed record DecodeMemoryWait(long HeldByOthers, long Capacity)
{
    /// <summary>The end of a timeout sentence: why the capture waited and what the user can do.</summary>
    public string Reason =>
        $"the capture timed out waiting for decoding memory (other captures hold {MiB(HeldByOthers)} of the {MiB(Capacity)} budget); try again when they finish";

    private static string MiB(long bytes) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MiB");
}
