using System.Collections.Frozen;
using System.Globalization;
using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Input;

/// <summary>
/// Turns what a caller writes into chords for the server's keyboard layout (US unless named): <see cref="ParseText"/>
/// types text as-is, <see cref="ParseKeys"/> reads named keys and chords such as <c>Esc Down Down Enter</c> or
/// <c>Ctrl+Alt+Del</c>.
/// </summary>
public static class KeySequenceParser
{
    private const string Examples = "Enter, Esc, Tab, Backspace, Space, Up, Down, Left, Right, Home, End, PageUp, PageDown, Insert, Delete, F1-F12, SysRq or a single character, joined with + into chords such as Ctrl+C or Alt+SysRq+S";

    private static readonly FrozenDictionary<string, KeyModifiers> ModifierNames = new Dictionary<string, KeyModifiers>(StringComparer.OrdinalIgnoreCase)
    {
        ["Ctrl"] = KeyModifiers.Ctrl,
        ["Control"] = KeyModifiers.Ctrl,
        ["Shift"] = KeyModifiers.Shift,
        ["Alt"] = KeyModifiers.Alt,
        ["AltGr"] = KeyModifiers.AltGr,
        ["Meta"] = KeyModifiers.Meta,
        ["Super"] = KeyModifiers.Meta,
        ["Win"] = KeyModifiers.Meta,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, Key> KeyNames = BuildKeyNames();

    /// <summary>Each character as the chords that type it on <paramref name="layout"/>; a newline is Enter.</summary>
    /// <exception cref="KeySequenceException">A character the layout cannot type, or too much text.</exception>
    public static KeySequence ParseText(string text, KeyboardLayout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        layout ??= KeyboardLayouts.Us;
        if (text.Length > KeySequence.MaxChords)
        {
            throw new KeySequenceException($"At most {KeySequence.MaxChords} keystrokes can be sent in one call and the text has {text.Length} characters; split it into several calls.");
        }

        var chords = new List<KeyChord>(text.Length);
        var untypable = new SortedSet<char>();
        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            if (character == '\r')
            {
                // CR LF is one Enter; a lone CR is one too.
                character = '\n';
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    continue;
                }
            }

            if (layout.TryType(character, out var typing))
            {
                chords.AddRange(typing);
            }
            else
            {
                untypable.Add(character);
            }
        }

        if (untypable.Count > 0)
        {
            var named = string.Join(", ", untypable.Take(8).Select(Describe));
            throw new KeySequenceException(
                $"The text holds characters the {layout.Description} keyboard layout ({layout.Name}) cannot type: {named}; nothing was sent. Send only characters of the server's layout (layout: {KeyboardLayouts.Names}), and named keys through keys.");
        }

        return new KeySequence(chords, layout);
    }

    /// <summary>Chords separated by spaces or commas; the parts of a chord joined by <c>+</c>; single characters are keys of <paramref name="layout"/>.</summary>
    /// <exception cref="KeySequenceException">An unknown key name, a repeated key, or too many chords.</exception>
    public static KeySequence ParseKeys(string keys, KeyboardLayout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        layout ??= KeyboardLayouts.Us;
        var tokens = keys.Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length > KeySequence.MaxChords)
        {
            throw new KeySequenceException($"At most {KeySequence.MaxChords} keystrokes can be sent in one call and keys names {tokens.Length}; split it into several calls.");
        }

        return new KeySequence([.. tokens.Select(t => ParseChord(t, layout))], layout);
    }

    private static KeyChord ParseChord(string token, KeyboardLayout layout)
    {
        var modifiers = KeyModifiers.None;
        var keys = new List<Key>();
        var label = new List<string>();

        // "Ctrl++" is Ctrl and the + key: a + right after a separator is the key itself.
        var parts = token.Length > 1 && token.EndsWith("++", StringComparison.Ordinal)
            ? [.. token[..^2].Split('+'), "+"]
            : token == "+" ? ["+"] : token.Split('+');
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                throw new KeySequenceException($"The chord {Quote(token)} has an empty part; join key names with a single +, e.g. Ctrl+Alt+Del.");
            }

            if (ModifierNames.TryGetValue(part, out var modifier))
            {
                modifiers |= modifier;
                label.Add(modifier.ToString());
                continue;
            }

            var (key, level) = ParseKey(part, token, layout);
            if (keys.Contains(key))
            {
                throw new KeySequenceException($"The chord {Quote(token)} names {key} twice; a key is either down or up.");
            }

            keys.Add(key);
            modifiers |= level;
            label.Add(part.Length == 1 ? part.ToUpperInvariant() : key.ToString());
        }

        // Under another layout the US key names would mislead (Ctrl+A on AZERTY is the Q key): the chord keeps the caller's words.
        return new KeyChord(modifiers, keys) { Label = layout == KeyboardLayouts.Us ? null : string.Join('+', label) };
    }

    private static (Key Key, KeyModifiers Level) ParseKey(string part, string token, KeyboardLayout layout)
    {
        if (KeyNames.TryGetValue(part, out var named))
        {
            return (named, KeyModifiers.None);
        }

        // A letter names its key in either case (Ctrl+C is Ctrl and the C key); any other character is the key, with
        // the Shift or AltGr, that types it on the layout.
        if (part.Length == 1 && layout.TryType(char.IsLetter(part[0]) ? char.ToLowerInvariant(part[0]) : part[0], out var typing))
        {
            return typing.Count == 1
                ? (typing[0].Keys[0], typing[0].Modifiers)
                : throw new KeySequenceException($"{Quote(part)} in {Quote(token)} needs a dead key first on the {layout.Description} layout, which a chord cannot hold; type it through text.");
        }

        throw new KeySequenceException($"{Quote(part)} in {Quote(token)} is not a key; use {Examples}.");
    }

    private static FrozenDictionary<string, Key> BuildKeyNames()
    {
        var names = new Dictionary<string, Key>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in Enum.GetValues<Key>())
        {
            // Letters and digits are single characters; their enum names (A, Digit1) stay out so "d" is never Digit-anything.
            if (key.ToString().Length > 1 && !key.ToString().StartsWith("Digit", StringComparison.Ordinal))
            {
                names[key.ToString()] = key;
            }
        }

        (string Alias, Key Key)[] aliases =
        [
            ("Return", Key.Enter), ("Esc", Key.Escape), ("BS", Key.Backspace), ("Del", Key.Delete), ("Ins", Key.Insert),
            ("PgUp", Key.PageUp), ("PgDn", Key.PageDown), ("PageDn", Key.PageDown), ("PrintScreen", Key.SysRq), ("PrtSc", Key.SysRq), ("Print", Key.SysRq),
            ("ArrowUp", Key.Up), ("ArrowDown", Key.Down), ("ArrowLeft", Key.Left), ("ArrowRight", Key.Right),
        ];
        foreach (var (alias, key) in aliases)
        {
            names[alias] = key;
        }

        return names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    private static string Describe(char character) =>
        char.IsSurrogate(character) || !UntrustedText.IsPrintable(character.ToString()) || char.IsWhiteSpace(character)
            ? string.Create(CultureInfo.InvariantCulture, $"U+{(int)character:X4}")
            : string.Create(CultureInfo.InvariantCulture, $"'{character}' (U+{(int)character:X4})");

    private static string Quote(string text) => $"'{UntrustedText.Printable(text, 40)}'";
}
