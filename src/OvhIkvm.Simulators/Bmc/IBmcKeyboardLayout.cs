namespace OvhIkvm.Simulators.Bmc;

/// <summary>
/// The keyboard layout of the simulated server's operating system: turns each key that goes down into what that OS
/// would type, keeping its own state across presses (a dead key waits for the next one).
/// </summary>
public interface IBmcKeyboardLayout
{
    /// <summary>The text <paramref name="press"/> adds: empty for a dead key or a key that types nothing.</summary>
    string Type(BmcKeyPress press);
}
