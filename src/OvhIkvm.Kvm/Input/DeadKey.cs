namespace OvhIkvm.Kvm.Input;

/// <summary>
/// A key that types nothing until the next key, which it accents: the dead key then Space types the accent alone,
/// the dead key then a letter the accented letter.
/// </summary>
/// <param name="Key">Where it is.</param>
/// <param name="Level">The modifiers that reach it on that key (none, Shift, AltGr or Shift+AltGr).</param>
/// <param name="Alone">What it types before Space, or null where the accent is not a character the layout is used for.</param>
/// <param name="Compositions">Pairs of characters: a letter, then what it becomes after the dead key ("eê" for a circumflex).</param>
public sealed record DeadKey(Key Key, KeyModifiers Level, char? Alone, string Compositions);
