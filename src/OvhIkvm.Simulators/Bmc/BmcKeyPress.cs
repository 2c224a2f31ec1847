namespace OvhIkvm.Simulators.Bmc;

/// <summary>One key that went down on the simulated USB keyboard, with the modifiers held at that moment.</summary>
/// <param name="Modifiers">The report's modifier byte (bit 0 left Ctrl, 1 left Shift, 2 left Alt, 3 left GUI, 4-7 right-hand ones).</param>
/// <param name="Usage">The key's usage on the HID Keyboard/Keypad page.</param>
public sealed record BmcKeyPress(byte Modifiers, byte Usage);
