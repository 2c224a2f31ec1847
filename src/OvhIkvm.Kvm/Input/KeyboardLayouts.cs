using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Input;

/// <summary>
/// The layouts send_keys types for, as Linux defines them (the "basic" variant of xkeyboard-config's us, gb, fr and
/// de symbols, which the console's loadkeys maps follow for these characters): every printable ASCII character, and
/// the layout's own letters and signs. <c>KeyboardLayoutXkbTests</c> checks every character against the system's XKB
/// data. Keys a table leaves out keep their US characters (letters, digits, most punctuation on us and uk).
/// </summary>
public static class KeyboardLayouts
{
    /// <summary>The layout assumed when the caller names none: the default of most server installs and of QEMU.</summary>
    public static KeyboardLayout Us { get; } = new("us", "US", UsKeys(), []);

    public static KeyboardLayout Uk { get; } = new("uk", "UK", Override(
        UsKeys(),
        (Key.Digit2, "2\""), (Key.Digit3, "3£"), (Key.Digit4, "4$€"), (Key.Quote, "'@"), (Key.Grave, "`¬"),
        (Key.Backslash, "#~"), (Key.NonUsBackslash, "\\|")),
        []);

    public static KeyboardLayout Fr { get; } = new("fr", "French (AZERTY)", Override(
        UsKeys(),
        (Key.Grave, "²"),
        (Key.Digit1, "&1"), (Key.Digit2, "é2~"), (Key.Digit3, "\"3#"), (Key.Digit4, "'4{"), (Key.Digit5, "(5["),
        (Key.Digit6, "-6|"), (Key.Digit7, "è7`"), (Key.Digit8, "_8\\"), (Key.Digit9, "ç9^"), (Key.Digit0, "à0@"),
        (Key.Minus, ")°]"), (Key.Equals, "=+}"),
        (Key.Q, "aA"), (Key.W, "zZ"), (Key.E, "eE€"), (Key.LeftBracket, "  "), (Key.RightBracket, "$£¤"),
        (Key.A, "qQ"), (Key.Semicolon, "mMµ"), (Key.Quote, "ù%"), (Key.Backslash, "*µ"),
        (Key.NonUsBackslash, "<>"), (Key.Z, "wW"), (Key.M, ",?"), (Key.Comma, ";."), (Key.Period, ":/"), (Key.Slash, "!§")),
        [
            new DeadKey(Key.LeftBracket, KeyModifiers.None, null, "aâeêiîoôuûAÂEÊIÎOÔUÛ"),
            new DeadKey(Key.LeftBracket, KeyModifiers.Shift, null, "aäeëiïoöuüyÿAÄEËIÏOÖUÜ"),
        ]);

    public static KeyboardLayout De { get; } = new("de", "German (QWERTZ)", Override(
        UsKeys(),
        (Key.Grave, " °"),
        (Key.Digit2, "2\"²"), (Key.Digit3, "3§³"), (Key.Digit6, "6&"), (Key.Digit7, "7/{"), (Key.Digit8, "8(["),
        (Key.Digit9, "9)]"), (Key.Digit0, "0=}"), (Key.Minus, "ß?\\"), (Key.Equals, "  "),
        (Key.Q, "qQ@"), (Key.E, "eE€"), (Key.Y, "zZ"), (Key.LeftBracket, "üÜ"), (Key.RightBracket, "+*~"),
        (Key.Semicolon, "öÖ"), (Key.Quote, "äÄ"), (Key.Backslash, "#'"), (Key.NonUsBackslash, "<>|"),
        (Key.Z, "yY"), (Key.M, "mMµ"), (Key.Comma, ",;"), (Key.Period, ".:"), (Key.Slash, "-_")),
        [
            new DeadKey(Key.Grave, KeyModifiers.None, '^', "aâeêiîoôuûAÂEÊIÎOÔUÛ"),
            new DeadKey(Key.Equals, KeyModifiers.None, null, "aáeéiíoóuúyýAÁEÉIÍOÓUÚYÝ"),
            new DeadKey(Key.Equals, KeyModifiers.Shift, '`', "aàeèiìoòuùAÀEÈIÌOÒUÙ"),
        ]);

    public static IReadOnlyList<KeyboardLayout> All { get; } = [Us, Uk, Fr, De];

    /// <summary>The names <see cref="Find"/> accepts, for help texts and messages.</summary>
    public static string Names => string.Join(", ", All.Select(l => l.Name));

    /// <summary>The layout called <paramref name="name"/> (any case); <see cref="Us"/> when none is named.</summary>
    /// <exception cref="KeySequenceException">No layout has that name.</exception>
    public static KeyboardLayout Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Us;
        }

        return All.FirstOrDefault(l => string.Equals(l.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new KeySequenceException(
                $"The keyboard layout '{UntrustedText.Printable(name, 20)}' is not one send_keys knows; name the layout of the server's operating system: {Names}.");
    }

    private static List<(Key Key, string Levels)> UsKeys() =>
        [.. KeyTable.All
            .Where(r => r.Character is not null && r.Key is not Key.Space and not Key.NonUsBackslash)
            .Select(r => (r.Key, $"{r.Character}{r.ShiftedCharacter}"))];

    private static List<(Key Key, string Levels)> Override(List<(Key Key, string Levels)> keys, params (Key Key, string Levels)[] changes)
    {
        foreach (var change in changes)
        {
            keys.RemoveAll(k => k.Key == change.Key);
            keys.Add(change);
        }

        return keys;
    }
}
