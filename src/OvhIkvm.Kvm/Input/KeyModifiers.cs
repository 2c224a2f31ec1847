namespace OvhIkvm.Kvm.Input;

/// <summary>
/// The modifier keys held during a chord; the left-hand keys are the ones pressed, except <see cref="AltGr"/>, the
/// right Alt key, which European layouts use to reach a key's third character (French @ is AltGr+0).
/// </summary>
[Flags]
public enum KeyModifiers
{
    None = 0,
    Ctrl = 1,
    Shift = 2,
    Alt = 4,
    Meta = 8,
    AltGr = 16,
}
