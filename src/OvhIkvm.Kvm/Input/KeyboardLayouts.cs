using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Input;

/// <summary>
/// The layouts send_keys types for, as Linux defines them (the "basic" variant of xkeyboard-config's us, gb, fr, de,
/// es, it, be and ch symbols): every printable ASCII character, and the layout's own letters and signs. <c>KeyboardLayoutXkbTests</c> checks every character against the system's XKB
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

    public static KeyboardLayout Es { get; } = new("es", "Spanish", Override(
        UsKeys(),
        (Key.Grave, "ºª\\"),
        (Key.Digit1, "1!|"), (Key.Digit2, "2\"@"), (Key.Digit3, "3·#"), (Key.Digit4, "4$~"), (Key.Digit6, "6&"),
        (Key.Digit7, "7/"), (Key.Digit8, "8("), (Key.Digit9, "9)"), (Key.Digit0, "0="), (Key.Minus, "'?\\"), (Key.Equals, "¡¿"),
        (Key.E, "eE€"), (Key.LeftBracket, "  ["), (Key.RightBracket, "+*]"),
        (Key.Semicolon, "ñÑ"), (Key.Quote, "  {"), (Key.Backslash, "çÇ}"), (Key.NonUsBackslash, "<>"),
        (Key.Comma, ",;"), (Key.Period, ".:"), (Key.Slash, "-_")),
        [
            new DeadKey(Key.LeftBracket, KeyModifiers.None, '`', "aàeèiìoòuùAÀEÈIÌOÒUÙ"),
            new DeadKey(Key.LeftBracket, KeyModifiers.Shift, '^', "aâeêiîoôuûAÂEÊIÎOÔUÛ"),
            new DeadKey(Key.Quote, KeyModifiers.None, null, "aáeéiíoóuúAÁEÉIÍOÓUÚ"),
            new DeadKey(Key.Quote, KeyModifiers.Shift, null, "iïuüIÏUÜ"),
        ]);

    public static KeyboardLayout It { get; } = new("it", "Italian", Override(
        UsKeys(),
        (Key.Grave, "\\|"),
        (Key.Digit2, "2\"²"), (Key.Digit3, "3£³"), (Key.Digit6, "6&"), (Key.Digit7, "7/{"), (Key.Digit8, "8(["),
        (Key.Digit9, "9)]"), (Key.Digit0, "0=}"), (Key.Minus, "'?`"), (Key.Equals, "ì^~"),
        (Key.E, "eE€"), (Key.LeftBracket, "èé[{"), (Key.RightBracket, "+*]}"),
        (Key.Semicolon, "òç@"), (Key.Quote, "à°#"), (Key.Backslash, "ù§"), (Key.NonUsBackslash, "<>"),
        (Key.Comma, ",;"), (Key.Period, ".:"), (Key.Slash, "-_")),
        []);

    public static KeyboardLayout Be { get; } = new("be", "Belgian (AZERTY)", Override(
        UsKeys(),
        (Key.Grave, "²³"),
        (Key.Digit1, "&1|"), (Key.Digit2, "é2@"), (Key.Digit3, "\"3#"), (Key.Digit4, "'4"), (Key.Digit5, "(5"),
        (Key.Digit6, "§6^"), (Key.Digit7, "è7{"), (Key.Digit8, "!8["), (Key.Digit9, "ç9"), (Key.Digit0, "à0}"),
        (Key.Minus, ")°\\"), (Key.Equals, "-_"),
        (Key.Q, "aA"), (Key.W, "zZ"), (Key.E, "eE€"), (Key.LeftBracket, "  ["), (Key.RightBracket, "$*]"),
        (Key.A, "qQ"), (Key.Semicolon, "mM"), (Key.Quote, "ù%"), (Key.Backslash, "µ£"),
        (Key.NonUsBackslash, "<>"), (Key.Z, "wW"), (Key.M, ",?"), (Key.Comma, ";."), (Key.Period, ":/"), (Key.Slash, "=+")),
        [
            new DeadKey(Key.LeftBracket, KeyModifiers.None, null, "aâeêiîoôuûAÂEÊIÎOÔUÛ"),
            new DeadKey(Key.LeftBracket, KeyModifiers.Shift, null, "aäeëiïoöuüyÿAÄEËIÏOÖUÜ"),
            new DeadKey(Key.Backslash, KeyModifiers.AltGr, '`', "aàeèiìoòuùAÀEÈIÌOÒUÙ"),
            new DeadKey(Key.Slash, KeyModifiers.AltGr, '~', "nñNÑ"),
        ]);

    public static KeyboardLayout Ch { get; } = new("ch", "Swiss German (QWERTZ)", Override(
        UsKeys(),
        (Key.Grave, "§°"),
        (Key.Digit1, "1+|"), (Key.Digit2, "2\"@"), (Key.Digit3, "3*#"), (Key.Digit4, "4ç"), (Key.Digit6, "6&¬"),
        (Key.Digit7, "7/"), (Key.Digit8, "8(¢"), (Key.Digit9, "9)"), (Key.Digit0, "0="), (Key.Minus, "'?"), (Key.Equals, "  "),
        (Key.E, "eE€"), (Key.Y, "zZ"), (Key.LeftBracket, "üè["), (Key.RightBracket, " !]"),
        (Key.Semicolon, "öé"), (Key.Quote, "äà{"), (Key.Backslash, "$£}"), (Key.NonUsBackslash, "<>\\"),
        (Key.Z, "yY"), (Key.Comma, ",;"), (Key.Period, ".:"), (Key.Slash, "-_")),
        [
            new DeadKey(Key.Equals, KeyModifiers.None, '^', "aâeêiîoôuûAÂEÊIÎOÔUÛ"),
            new DeadKey(Key.Equals, KeyModifiers.Shift, '`', "aàeèiìoòuùAÀEÈIÌOÒUÙ"),
            new DeadKey(Key.Equals, KeyModifiers.AltGr, '~', "nñNÑ"),
            new DeadKey(Key.RightBracket, KeyModifiers.None, null, "aäeëiïoöuüyÿAÄEËIÏOÖUÜ"),
        ]);

    public static IReadOnlyList<KeyboardLayout> All { get; } = [Us, Uk, Fr, De, Es, It, Be, Ch];

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
