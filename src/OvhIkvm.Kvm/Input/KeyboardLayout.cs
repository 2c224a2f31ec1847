using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace OvhIkvm.Kvm.Input;

/// <summary>
/// What the keys type under the keyboard layout of a server's operating system. A BMC's USB keyboard sends key
/// positions and the server turns them into characters with its own layout, so "a" on a French (AZERTY) console is
/// the key a US keyboard labels Q. A layout gives each printable key the characters of its four levels (plain, Shift,
/// AltGr, Shift+AltGr) and lists its dead keys; <see cref="KeyboardLayouts"/> holds the ones offered.
/// </summary>
public sealed class KeyboardLayout
{
    /// <summary>The modifiers of each level, in the order a key's characters are written.</summary>
    private static readonly KeyModifiers[] Levels = [KeyModifiers.None, KeyModifiers.Shift, KeyModifiers.AltGr, KeyModifiers.Shift | KeyModifiers.AltGr];

    private readonly FrozenDictionary<(Key Key, KeyModifiers Level), char> _characters;
    private readonly FrozenDictionary<char, KeyChord[]> _typing;

    /// <param name="name">The name callers give, e.g. "fr".</param>
    /// <param name="description">How a message names it, e.g. "French (AZERTY)".</param>
    /// <param name="keys">Each printable key with its levels' characters in order; a space marks a level that types nothing this table offers.</param>
    /// <param name="deadKeys">The dead keys and what they compose.</param>
    public KeyboardLayout(string name, string description, IReadOnlyList<(Key Key, string Levels)> keys, IReadOnlyList<DeadKey> deadKeys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(deadKeys);
        Name = name;
        Description = description;
        DeadKeys = deadKeys;

        var characters = new Dictionary<(Key, KeyModifiers), char>();
        var typing = new Dictionary<char, KeyChord[]>
        {
            ['\n'] = [new KeyChord(KeyModifiers.None, Key.Enter) { Character = '\n' }],
            ['\t'] = [new KeyChord(KeyModifiers.None, Key.Tab) { Character = '\t' }],
            [' '] = [new KeyChord(KeyModifiers.None, Key.Space) { Character = ' ' }],
        };
        foreach (var (key, levels) in keys)
        {
            for (var level = 0; level < levels.Length; level++)
            {
                if (levels[level] != ' ')
                {
                    characters.Add((key, Levels[level]), levels[level]);
                    typing.TryAdd(levels[level], [new KeyChord(Levels[level], key) { Character = levels[level] }]);
                }
            }
        }

        // A character on a key of its own is typed that way; a dead key is the way only to what no key types.
        foreach (var dead in deadKeys)
        {
            var press = new KeyChord(dead.Level, dead.Key) { IsDeadKey = true };
            if (dead.Alone is { } alone)
            {
                typing.TryAdd(alone, [press, new KeyChord(KeyModifiers.None, Key.Space) { Character = alone }]);
            }

            for (var i = 0; i + 1 < dead.Compositions.Length; i += 2)
            {
                var letter = typing[dead.Compositions[i]][^1];
                typing.TryAdd(dead.Compositions[i + 1], [press, letter with { Character = dead.Compositions[i + 1] }]);
            }
        }

        _characters = characters.ToFrozenDictionary();
        _typing = typing.ToFrozenDictionary();
    }

    public string Name { get; }

    public string Description { get; }

    public IReadOnlyList<DeadKey> DeadKeys { get; }

    /// <summary>What each printable key types at each level this table fills (dead keys and function keys aside).</summary>
    public IReadOnlyDictionary<(Key Key, KeyModifiers Level), char> KeyCharacters => _characters;

    /// <summary>Every character this layout types, in no particular order.</summary>
    public IEnumerable<char> Characters => _typing.Keys;

    /// <summary>The chords that type <paramref name="character"/>: one, or a dead key's then the accented key's.</summary>
    public bool TryType(char character, [NotNullWhen(true)] out IReadOnlyList<KeyChord>? chords)
    {
        chords = _typing.GetValueOrDefault(character);
        return chords is not null;
    }

    /// <summary>
    /// The character <paramref name="key"/> types with the Shift and AltGr of <paramref name="modifiers"/> held, or
    /// null for a key that types none this table offers (a dead key, a function key).
    /// </summary>
    public char? CharacterOf(Key key, KeyModifiers modifiers) =>
        _characters.TryGetValue((key, modifiers & (KeyModifiers.Shift | KeyModifiers.AltGr)), out var character) ? character : null;

    public override string ToString() => Name;
}
