namespace OvhIkvm.Simulators.Bmc;

/// <summary>What the simulated BMC shows: asked once for every frame it sends.</summary>
public interface IBmcScreenSource
{
    BmcScreen NextFrame();
}
