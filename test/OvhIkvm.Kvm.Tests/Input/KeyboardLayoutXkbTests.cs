using System.Globalization;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Input;

/// <summary>
/// Our layout tables against the system's XKB data (<see cref="XkbKeyboard"/>): every character a layout claims to
/// type, sent as the USB reports a BMC gets, must come out of XKB as that character, dead keys included; and every
/// key and level the table fills must give, under XKB, the character the table says (what VNC sends for named chords).
/// </summary>
[Trait("Category", ExternalProgram.Category)]
public sealed class KeyboardLayoutXkbTests
{
    public static TheoryData<string, string> Layouts => new()
    {
        // Ours, then XKB's name for it.
        { "us", "us" },
        { "uk", "gb" },
        { "fr", "fr" },
        { "de", "de" },
        { "es", "es" },
        { "it", "it" },
        { "be", "be" },
        { "ch", "ch" },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_character_the_layout_types_comes_out_of_xkb_as_that_character(string ours, string xkb)
    {
        var layout = KeyboardLayouts.Find(ours);
        using var keyboard = XkbKeyboard.Open(xkb);
        var printableAscii = Enumerable.Range(0x20, 0x7f - 0x20).Select(c => (char)c);
        var characters = printableAscii.Union(layout.Characters).Where(c => c is not '\n' and not '\t').Order().ToList();

        var wrong = new List<string>();
        foreach (var character in characters)
        {
            Assert.True(layout.TryType(character, out var chords), $"{ours} cannot type '{character}'");
            var typed = string.Concat(chords.SelectMany(Presses).Select(keyboard.Type));
            if (typed != character.ToString())
            {
                wrong.Add($"'{character}' via {string.Join(" ", chords)} gave '{typed}'");
            }
        }

        Assert.True(wrong.Count == 0, $"{ours} against XKB {xkb}:\n{string.Join('\n', wrong)}");
        TestContext.Current.TestOutputHelper?.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"{ours}: {characters.Count} characters agree with XKB {xkb}, {characters.Count(c => c > '~')} beyond ASCII, {layout.DeadKeys.Count} dead keys"));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_key_and_level_of_the_table_types_what_the_table_says(string ours, string xkb)
    {
        var layout = KeyboardLayouts.Find(ours);
        using var keyboard = XkbKeyboard.Open(xkb);

        var wrong = layout.KeyCharacters
            .Select(entry => (entry, Press: new BmcKeyPress(KeyTable.HidModifierBits(entry.Key.Level), KeyTable.Codes(entry.Key.Key).HidUsage)))
            .Where(x => keyboard.Type(x.Press) != x.entry.Value.ToString())
            .Select(x => $"{x.entry.Key.Level}+{x.entry.Key.Key}: table '{x.entry.Value}', XKB {keyboard.KeysymName(x.Press)}")
            .ToList();

        Assert.True(wrong.Count == 0, $"{ours} against XKB {xkb}:\n{string.Join('\n', wrong)}");
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Each_dead_key_is_a_dead_key_in_xkb(string ours, string xkb)
    {
        var layout = KeyboardLayouts.Find(ours);
        using var keyboard = XkbKeyboard.Open(xkb);

        Assert.All(layout.DeadKeys, dead => Assert.StartsWith(
            "dead_",
            keyboard.KeysymName(new BmcKeyPress(KeyTable.HidModifierBits(dead.Level), KeyTable.Codes(dead.Key).HidUsage)),
            StringComparison.Ordinal));
    }

    /// <summary>The key presses a BMC sees for a chord: each key goes down with the chord's modifiers held.</summary>
    private static IEnumerable<BmcKeyPress> Presses(KeyChord chord) =>
        chord.Keys.Select(k => new BmcKeyPress(KeyTable.HidModifierBits(chord.Modifiers), KeyTable.Codes(k).HidUsage));
}
