namespace OvhIkvm.Kvm.Input;

/// <summary>
/// Keys pressed together: the modifiers first, then <see cref="Keys"/> in order, all released before the next chord.
/// A typed character is a chord of its key, with the Shift or AltGr its layout needs, after a dead key's chord when
/// it needs one (<see cref="KeyboardLayout"/>).
/// </summary>
/// <param name="Modifiers">The modifiers held for the whole chord.</param>
/// <param name="Keys">The other keys, pressed in order and held together (at most <see cref="MaxKeys"/>).</param>
public sealed record KeyChord(KeyModifiers Modifiers, IReadOnlyList<Key> Keys)
{
    /// <summary>The key slots of a USB boot keyboard report: a chord never holds more keys than a BMC can carry.</summary>
    public const int MaxKeys = 6;

    public KeyChord(KeyModifiers modifiers, params Key[] keys)
        : this(modifiers, (IReadOnlyList<Key>)keys)
    {
    }

    /// <summary>
    /// The character typed text asked for, on the chord that completes it (after its dead key, if any); null for named
    /// keys. A VNC server is sent this character's keysym: it names the character, whatever the layout.
    /// </summary>
    public char? Character { get; init; }

    /// <summary>A dead key pressed only to accent the next chord's <see cref="Character"/>; it types nothing by itself.</summary>
    public bool IsDeadKey { get; init; }

    /// <summary>How the caller wrote the chord, when that differs from the US key names (Ctrl+A on a French layout is the Q key).</summary>
    public string? Label { get; init; }

    /// <summary>
    /// Ctrl+Alt+Delete (reboots many systems at once) and Alt+SysRq+anything (the Linux magic SysRq keys: reboot,
    /// crash, kill all tasks): chords that act on the whole machine, which the person must confirm.
    /// </summary>
    public bool IsDangerous =>
        (Modifiers.HasFlag(KeyModifiers.Ctrl | KeyModifiers.Alt) && Keys.Contains(Key.Delete))
        || (Modifiers.HasFlag(KeyModifiers.Alt) && Keys.Contains(Key.SysRq));

    /// <summary>The chord as a person writes it, e.g. <c>Ctrl+Alt+Delete</c>.</summary>
    public override string ToString()
    {
        if (Label is not null)
        {
            return Label;
        }

        var parts = KeyTable.Modifiers.Where(m => Modifiers.HasFlag(m.Modifier)).Select(m => m.Modifier.ToString())
            .Concat(Keys.Select(k => k.ToString()));
        return string.Join('+', parts);
    }
}
