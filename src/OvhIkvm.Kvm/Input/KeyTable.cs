using System.Collections.Frozen;

namespace OvhIkvm.Kvm.Input;

/// <summary>
/// The one table of key codes, written from the specifications: keysyms from X11's keysymdef.h (xorgproto; Latin-1
/// keysyms equal their ISO 8859-1 code points, function keys live at 0xFFxx), HID usages from the USB HID Usage
/// Tables 1.4, section 10 (Keyboard/Keypad page 0x07). Printable rows give the US layout (<see cref="KeyboardLayouts.Us"/>):
/// the unshifted and shifted keysym are the two characters printed on the key.
/// </summary>
public static class KeyTable
{
    private static readonly KeyCodes[] Rows =
    [
        Letter(Key.A, 'a', 0x04), Letter(Key.B, 'b', 0x05), Letter(Key.C, 'c', 0x06), Letter(Key.D, 'd', 0x07),
        Letter(Key.E, 'e', 0x08), Letter(Key.F, 'f', 0x09), Letter(Key.G, 'g', 0x0a), Letter(Key.H, 'h', 0x0b),
        Letter(Key.I, 'i', 0x0c), Letter(Key.J, 'j', 0x0d), Letter(Key.K, 'k', 0x0e), Letter(Key.L, 'l', 0x0f),
        Letter(Key.M, 'm', 0x10), Letter(Key.N, 'n', 0x11), Letter(Key.O, 'o', 0x12), Letter(Key.P, 'p', 0x13),
        Letter(Key.Q, 'q', 0x14), Letter(Key.R, 'r', 0x15), Letter(Key.S, 's', 0x16), Letter(Key.T, 't', 0x17),
        Letter(Key.U, 'u', 0x18), Letter(Key.V, 'v', 0x19), Letter(Key.W, 'w', 0x1a), Letter(Key.X, 'x', 0x1b),
        Letter(Key.Y, 'y', 0x1c), Letter(Key.Z, 'z', 0x1d),
        Printable(Key.Digit1, '1', '!', 0x1e), Printable(Key.Digit2, '2', '@', 0x1f), Printable(Key.Digit3, '3', '#', 0x20),
        Printable(Key.Digit4, '4', '$', 0x21), Printable(Key.Digit5, '5', '%', 0x22), Printable(Key.Digit6, '6', '^', 0x23),
        Printable(Key.Digit7, '7', '&', 0x24), Printable(Key.Digit8, '8', '*', 0x25), Printable(Key.Digit9, '9', '(', 0x26),
        Printable(Key.Digit0, '0', ')', 0x27),
        Function(Key.Enter, 0xff0d, 0x28), // Return
        Function(Key.Escape, 0xff1b, 0x29),
        Function(Key.Backspace, 0xff08, 0x2a),
        Function(Key.Tab, 0xff09, 0x2b),
        Printable(Key.Space, ' ', ' ', 0x2c),
        Printable(Key.Minus, '-', '_', 0x2d), Printable(Key.Equals, '=', '+', 0x2e),
        Printable(Key.LeftBracket, '[', '{', 0x2f), Printable(Key.RightBracket, ']', '}', 0x30),
        Printable(Key.Backslash, '\\', '|', 0x31), Printable(Key.Semicolon, ';', ':', 0x33),
        Printable(Key.Quote, '\'', '"', 0x34), Printable(Key.Grave, '`', '~', 0x35),
        Printable(Key.Comma, ',', '<', 0x36), Printable(Key.Period, '.', '>', 0x37), Printable(Key.Slash, '/', '?', 0x38),

        // On a US keyboard (where the key is rare) X's pc symbols give it < and >, which Comma already types.
        Printable(Key.NonUsBackslash, '<', '>', 0x64),
        Function(Key.F1, 0xffbe, 0x3a), Function(Key.F2, 0xffbf, 0x3b), Function(Key.F3, 0xffc0, 0x3c),
        Function(Key.F4, 0xffc1, 0x3d), Function(Key.F5, 0xffc2, 0x3e), Function(Key.F6, 0xffc3, 0x3f),
        Function(Key.F7, 0xffc4, 0x40), Function(Key.F8, 0xffc5, 0x41), Function(Key.F9, 0xffc6, 0x42),
        Function(Key.F10, 0xffc7, 0x43), Function(Key.F11, 0xffc8, 0x44), Function(Key.F12, 0xffc9, 0x45),

        // The PrintScreen/SysRq key: X calls it Print (0xff61) and yields Sys_Req (0xff15) from it with Alt held.
        new(Key.SysRq, 0xff61, 0xff61, 0x46),
        Function(Key.Insert, 0xff63, 0x49), Function(Key.Home, 0xff50, 0x4a), Function(Key.PageUp, 0xff55, 0x4b), // Prior
        Function(Key.Delete, 0xffff, 0x4c), Function(Key.End, 0xff57, 0x4d), Function(Key.PageDown, 0xff56, 0x4e), // Next
        Function(Key.Right, 0xff53, 0x4f), Function(Key.Left, 0xff51, 0x50), Function(Key.Down, 0xff54, 0x51), Function(Key.Up, 0xff52, 0x52),
    ];

    private static readonly FrozenDictionary<Key, KeyCodes> ByKey = Rows.ToFrozenDictionary(r => r.Key);

    /// <summary>The modifier keys in the order they are pressed, with the keysym and HID modifier bit of each.</summary>
    public static IReadOnlyList<(KeyModifiers Modifier, uint Keysym, byte HidBit)> Modifiers { get; } =
    [
        (KeyModifiers.Ctrl, 0xffe3, 0x01), // Control_L, Left Control (usage 0xE0)
        (KeyModifiers.Shift, 0xffe1, 0x02), // Shift_L, Left Shift (0xE1)
        (KeyModifiers.Alt, 0xffe9, 0x04), // Alt_L, Left Alt (0xE2)
        (KeyModifiers.Meta, 0xffeb, 0x08), // Super_L, Left GUI (0xE3)
        (KeyModifiers.AltGr, 0xfe03, 0x40), // ISO_Level3_Shift, Right Alt (0xE6)
    ];

    public static IReadOnlyList<KeyCodes> All => Rows;

    public static KeyCodes Codes(Key key) => ByKey[key];

    /// <summary>The HID modifier byte for <paramref name="modifiers"/>.</summary>
    public static byte HidModifierBits(KeyModifiers modifiers)
    {
        byte bits = 0;
        foreach (var (modifier, _, bit) in Modifiers)
        {
            if (modifiers.HasFlag(modifier))
            {
                bits |= bit;
            }
        }

        return bits;
    }

    private static KeyCodes Letter(Key key, char lower, byte usage) => new(key, lower, char.ToUpperInvariant(lower), usage);

    private static KeyCodes Printable(Key key, char plain, char shifted, byte usage) => new(key, plain, shifted, usage);

    private static KeyCodes Function(Key key, uint keysym, byte usage) => new(key, keysym, keysym, usage);
}
