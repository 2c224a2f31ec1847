namespace OvhIkvm.Kvm.Input;

/// <summary>How one key is named on each wire.</summary>
/// <param name="Key">The key.</param>
/// <param name="Keysym">The X11 keysym it types unshifted (VNC KeyEvent, RFC 6143 section 7.5.4).</param>
/// <param name="ShiftedKeysym">The keysym it types with Shift held: what a VNC client sends for a shifted character.</param>
/// <param name="HidUsage">Its usage on the USB HID Keyboard/Keypad page 0x07 (the boot-protocol report's key slots).</param>
public readonly record struct KeyCodes(Key Key, uint Keysym, uint ShiftedKeysym, byte HidUsage)
{
    /// <summary>The character it types unshifted, or null for a key that types none.</summary>
    public char? Character => Keysym is >= 0x20 and <= 0x7e ? (char)Keysym : null;

    /// <summary>The character it types with Shift, or null.</summary>
    public char? ShiftedCharacter => ShiftedKeysym is >= 0x20 and <= 0x7e ? (char)ShiftedKeysym : null;
}
