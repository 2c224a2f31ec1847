namespace OvhIkvm.Kvm.Input;

/// <summary>The modifier keys held during a chord; the left-hand keys are the ones pressed.</summary>
[Flags]
public enum KeyModifiers
{
    None = 0,
    Ctrl = 1,
    Shift = 2,
    Alt = 4,
    Meta = 8,
}
