namespace OvhIkvm.Simulators.Screens;

/// <summary>One screen of a boot: what the console shows from <paramref name="At"/> after power-on until the next step.</summary>
/// <param name="At">When the screen appears, counted from power-on.</param>
/// <param name="Stage">What the machine is doing, e.g. "GRUB menu".</param>
/// <param name="Screen">What the console shows.</param>
public sealed record BootStep(TimeSpan At, string Stage, TextScreen Screen);
