using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Simulators.Screens;

namespace OvhIkvm.Tool.Demo;

/// <summary>
/// The console of a demo server that boots when the demo starts (<see cref="BootSequence"/>): each frame the BMC
/// sends shows the step the clock has reached, so wait_for_console has something to wait for. The screens are drawn
/// in the VGA font real machines use, so the console-text recogniser reads every one of them.
/// </summary>
/// <remarks>
/// A small schedule of the demo's own, on the host's clock; it needs nothing from the BMC simulator beyond
/// <see cref="IBmcScreenSource"/>. Each screen is encoded the first time it is shown.
/// </remarks>
internal sealed class BootingScreenSource : IBmcScreenSource
{
    private readonly TimeProvider _time;
    private readonly long _poweredOn;
    private readonly IReadOnlyList<BootStep> _steps;
    private readonly Lazy<BmcScreen>[] _screens;

    public BootingScreenSource(string hostName, TimeProvider time)
    {
        _time = time;
        _poweredOn = time.GetTimestamp();
        _steps = BootSequence.Debian(hostName);
        _screens = [.. _steps.Select(step => new Lazy<BmcScreen>(() => DemoScreenSource.Encode(step.Screen.Render(ConsoleFont.Vga))))];
    }

    public BmcScreen NextFrame()
    {
        var elapsed = _time.GetElapsedTime(_poweredOn);
        var current = 0;
        while (current + 1 < _steps.Count && _steps[current + 1].At <= elapsed)
        {
            current++;
        }

        return _screens[current].Value;
    }
}
