namespace OvhIkvm.Kvm.Input;

/// <summary>
/// Keys pressed together: the modifiers first, then <see cref="Keys"/> in order, all released before the next chord.
/// A typed character is a chord of its key, with Shift when the US layout needs it.
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
    /// Ctrl+Alt+Delete (reboots many systems at once) and Alt+SysRq+anything (the Linux magic SysRq keys: reboot,
    /// crash, kill all tasks): chords that act on the whole machine, which the person must confirm.
    /// </summary>
    public bool IsDangerous =>
        (Modifiers.HasFlag(KeyModifiers.Ctrl | KeyModifiers.Alt) && Keys.Contains(Key.Delete))
        || (Modifiers.HasFlag(KeyModifiers.Alt) && Keys.Contains(Key.SysRq));

    /// <summary>The chord as a person writes it, e.g. <c>Ctrl+Alt+Delete</c>.</summary>
    public override string ToString()
    {
        var parts = KeyTable.Modifiers.Where(m => Modifiers.HasFlag(m.Modifier)).Select(m => m.Modifier.ToString())
            .Concat(Keys.Select(k => k.ToString()));
        return string.Join('+', parts);
    }
}
