using System.Collections.Frozen;
using System.Globalization;
using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Input;

/// <summary>
/// Turns what a caller writes into chords: <see cref="ParseText"/> types text as-is on a US keyboard,
/// <see cref="ParseKeys"/> reads named keys and chords such as <c>Esc Down Down Enter</c> or <c>Ctrl+Alt+Del</c>.
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
        ["Meta"] = KeyModifiers.Meta,
        ["Super"] = KeyModifiers.Meta,
        ["Win"] = KeyModifiers.Meta,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, Key> KeyNames = BuildKeyNames();

    /// <summary>Each character as the chord that types it; a newline is Enter.</summary>
    /// <exception cref="KeySequenceException">A character a US keyboard cannot type, or too much text.</exception>
    public static KeySequence ParseText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
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

            if (KeyTable.TryFindCharacter(character, out var key, out var shift))
            {
                chords.Add(new KeyChord(shift ? KeyModifiers.Shift : KeyModifiers.None, key));
            }
            else
            {
                untypable.Add(character);
            }
        }

        if (untypable.Count > 0)
        {
            var named = string.Join(", ", untypable.Take(8).Select(Describe));
            throw new KeySequenceException($"The text holds characters a US keyboard layout cannot type: {named}; send printable ASCII only, and named keys through keys.");
        }

        return new KeySequence(chords);
    }

    /// <summary>Chords separated by spaces or commas; the parts of a chord joined by <c>+</c>.</summary>
    /// <exception cref="KeySequenceException">An unknown key name, a repeated key, or too many chords.</exception>
    public static KeySequence ParseKeys(string keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var tokens = keys.Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length > KeySequence.MaxChords)
        {
            throw new KeySequenceException($"At most {KeySequence.MaxChords} keystrokes can be sent in one call and keys names {tokens.Length}; split it into several calls.");
        }

        return new KeySequence([.. tokens.Select(ParseChord)]);
    }

    private static KeyChord ParseChord(string token)
    {
        var modifiers = KeyModifiers.None;
        var keys = new List<Key>();

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
                continue;
            }

            var (key, shift) = ParseKey(part, token);
            if (keys.Contains(key))
            {
                throw new KeySequenceException($"The chord {Quote(token)} names {key} twice; a key is either down or up.");
            }

            keys.Add(key);
            if (shift)
            {
                modifiers |= KeyModifiers.Shift;
            }
        }

        return new KeyChord(modifiers, keys);
    }

    private static (Key Key, bool Shift) ParseKey(string part, string token)
    {
        if (KeyNames.TryGetValue(part, out var named))
        {
            return (named, false);
        }

        // A letter names its key in either case (Ctrl+C is Ctrl and the C key); any other character is typed as on a US keyboard.
        if (part.Length == 1 && KeyTable.TryFindCharacter(char.IsAsciiLetter(part[0]) ? char.ToLowerInvariant(part[0]) : part[0], out var key, out var shift))
        {
            return (key, shift);
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
