namespace OvhIkvm.Simulators.Bmc;

/// <summary>
/// A screen that changes by itself. The simulated BMC sends a new frame at each change, as a real video engine sends
/// the blocks that changed, without being asked.
/// </summary>
public interface IChangingBmcScreenSource : IBmcScreenSource
{
    /// <summary>Completes at the next change of the screen; never, if it will not change again.</summary>
    Task WaitForChangeAsync(CancellationToken cancellationToken);
}
