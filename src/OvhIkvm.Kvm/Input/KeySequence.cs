namespace OvhIkvm.Kvm.Input;

/// <summary>Chords sent one after the other, bounded to <see cref="MaxChords"/>, for a server using <see cref="Layout"/>.</summary>
public sealed class KeySequence
{
    /// <summary>The most keystrokes (typed characters plus named chords) one call may send.</summary>
    public const int MaxChords = 300;

    /// <exception cref="KeySequenceException">More than <see cref="MaxChords"/> chords, or a chord over <see cref="KeyChord.MaxKeys"/> keys.</exception>
    public KeySequence(IReadOnlyList<KeyChord> chords, KeyboardLayout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(chords);
        if (chords.Count > MaxChords)
        {
            throw new KeySequenceException($"At most {MaxChords} keystrokes can be sent in one call and this one has {chords.Count}; split it into several calls.");
        }

        if (chords.FirstOrDefault(c => c.Keys.Count > KeyChord.MaxKeys) is { } crowded)
        {
            throw new KeySequenceException($"The chord {crowded} holds {crowded.Keys.Count} keys at once; a console keyboard carries at most {KeyChord.MaxKeys} besides the modifiers.");
        }

        Chords = chords;
        Layout = layout ?? KeyboardLayouts.Us;
    }

    public IReadOnlyList<KeyChord> Chords { get; }

    /// <summary>The keyboard layout of the server's operating system, which the chords' key positions were chosen for.</summary>
    public KeyboardLayout Layout { get; }

    public bool IsEmpty => Chords.Count == 0;

    /// <summary>The chords that act on the whole machine (see <see cref="KeyChord.IsDangerous"/>).</summary>
    public IEnumerable<KeyChord> DangerousChords => Chords.Where(c => c.IsDangerous);

    public KeySequence Then(KeySequence next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (next.Layout != Layout)
        {
            throw new ArgumentException($"Keys for the {next.Layout} layout cannot follow keys for the {Layout} layout.", nameof(next));
        }

        return new KeySequence([.. Chords, .. next.Chords], Layout);
    }
}
