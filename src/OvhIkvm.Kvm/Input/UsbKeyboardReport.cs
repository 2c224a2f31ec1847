namespace OvhIkvm.Kvm.Input;

/// <summary>
/// The USB HID boot-protocol keyboard input report (HID 1.11, appendix B.1): a modifier byte, a reserved byte, then
/// six key slots holding the usages of the keys down. Each report states the whole keyboard, so an all-zero report
/// releases everything.
/// </summary>
public static class UsbKeyboardReport
{
    public const int Length = 8;

    /// <summary>The report that releases every key and modifier.</summary>
    public static ReadOnlySpan<byte> Released => new byte[Length];

    /// <summary>The reports that press and release one chord: modifiers, then each key in turn, then keys up, then modifiers up.</summary>
    public static IEnumerable<byte[]> For(KeyChord chord)
    {
        ArgumentNullException.ThrowIfNull(chord);
        if (chord.Modifiers != KeyModifiers.None)
        {
            yield return Encode(chord.Modifiers, []);
        }

        for (var held = 1; held <= chord.Keys.Count; held++)
        {
            yield return Encode(chord.Modifiers, chord.Keys.Take(held).ToArray());
        }

        if (chord.Modifiers != KeyModifiers.None && chord.Keys.Count > 0)
        {
            yield return Encode(chord.Modifiers, []);
        }

        yield return new byte[Length];
    }

    public static byte[] Encode(KeyModifiers modifiers, ReadOnlySpan<Key> keys)
    {
        if (keys.Length > KeyChord.MaxKeys)
        {
            throw new ArgumentOutOfRangeException(nameof(keys), $"A boot keyboard report holds at most {KeyChord.MaxKeys} keys.");
        }

        var report = new byte[Length];
        report[0] = KeyTable.HidModifierBits(modifiers);
        for (var i = 0; i < keys.Length; i++)
        {
            report[2 + i] = KeyTable.Codes(keys[i]).HidUsage;
        }

        return report;
    }
}
