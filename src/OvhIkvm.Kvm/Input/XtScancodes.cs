namespace OvhIkvm.Kvm.Input;

/// <summary>
/// Each key's PC/XT (scan code set 1) make code, as the QEMU Extended Key Event carries it (rfbproto.rst, "QEMU
/// Extended Key Event Message"): one byte, or 0x80 | the second byte for the keys whose code starts with E0.
/// Codes from the IBM PC/AT keyboard scan code set 1, the one QEMU's "qnum" keycodes follow.
/// </summary>
public static class XtScancodes
{
    public static uint Of(Key key) => key switch
    {
        Key.A => 0x1e, Key.B => 0x30, Key.C => 0x2e, Key.D => 0x20, Key.E => 0x12, Key.F => 0x21, Key.G => 0x22,
        Key.H => 0x23, Key.I => 0x17, Key.J => 0x24, Key.K => 0x25, Key.L => 0x26, Key.M => 0x32, Key.N => 0x31,
        Key.O => 0x18, Key.P => 0x19, Key.Q => 0x10, Key.R => 0x13, Key.S => 0x1f, Key.T => 0x14, Key.U => 0x16,
        Key.V => 0x2f, Key.W => 0x11, Key.X => 0x2d, Key.Y => 0x15, Key.Z => 0x2c,
        >= Key.Digit1 and <= Key.Digit0 => 0x02u + (uint)(key - Key.Digit1),
        Key.Enter => 0x1c, Key.Escape => 0x01, Key.Backspace => 0x0e, Key.Tab => 0x0f, Key.Space => 0x39,
        Key.Minus => 0x0c, Key.Equals => 0x0d, Key.LeftBracket => 0x1a, Key.RightBracket => 0x1b, Key.Backslash => 0x2b,
        Key.Semicolon => 0x27, Key.Quote => 0x28, Key.Grave => 0x29, Key.Comma => 0x33, Key.Period => 0x34,
        Key.Slash => 0x35, Key.NonUsBackslash => 0x56,
        >= Key.F1 and <= Key.F10 => 0x3bu + (uint)(key - Key.F1),
        Key.F11 => 0x57, Key.F12 => 0x58,

        // PrintScreen/SysRq is E0 37; QEMU's PS/2 keyboard turns it into 54 itself while Alt is down.
        Key.SysRq => 0xb7,
        Key.Insert => 0xd2, Key.Home => 0xc7, Key.PageUp => 0xc9, Key.Delete => 0xd3, Key.End => 0xcf, Key.PageDown => 0xd1,
        Key.Right => 0xcd, Key.Left => 0xcb, Key.Down => 0xd0, Key.Up => 0xc8,
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "A key without a scan code."),
    };

    public static uint Of(KeyModifiers modifier) => modifier switch
    {
        KeyModifiers.Ctrl => 0x1d,
        KeyModifiers.Shift => 0x2a,
        KeyModifiers.Alt => 0x38,
        KeyModifiers.Meta => 0xdb, // Left GUI, E0 5B
        KeyModifiers.AltGr => 0xb8, // Right Alt, E0 38
        _ => throw new ArgumentOutOfRangeException(nameof(modifier), modifier, "One modifier at a time."),
    };
}
