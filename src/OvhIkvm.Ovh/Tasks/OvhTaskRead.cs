namespace OvhIkvm.Ovh.Tasks;

/// <summary>
/// One read of a followed task that left it pending: the last status OVH gave (the earlier one when this read failed),
/// and whether this read failed transiently and will be repeated.
/// </summary>
internal readonly record struct OvhTaskRead(long TaskId, string Status, bool Failed);
