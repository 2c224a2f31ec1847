using OvhIkvm.Kvm.Input;

namespace OvhIkvm.Kvm.Tests.Input;

public sealed class KeySequenceParserTests
{
    [Fact]
    public void Text_types_each_character_with_shift_where_the_us_layout_needs_it()
    {
        var keys = KeySequenceParser.ParseText("aB1!\n");

        Assert.Equal(
            ["A", "Shift+B", "Digit1", "Shift+Digit1", "Enter"],
            keys.Chords.Select(c => c.ToString()));
    }

    [Fact]
    public void Text_treats_crlf_as_one_enter()
    {
        Assert.Equal(["Enter", "X", "Enter"], KeySequenceParser.ParseText("\r\nx\r").Chords.Select(c => c.ToString()));
    }

    [Fact]
    public void Text_names_every_character_a_us_keyboard_cannot_type()
    {
        var error = Assert.Throws<KeySequenceException>(() => KeySequenceParser.ParseText("café €\u202e"));

        Assert.Contains("'é' (U+00E9)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'€' (U+20AC)", error.Message, StringComparison.Ordinal);
        Assert.Contains("U+202E", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202e", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Enter", "Enter")]
    [InlineData("esc", "Escape")]
    [InlineData("Ctrl+C", "Ctrl+C")]
    [InlineData("ctrl+alt+del", "Ctrl+Alt+Delete")]
    [InlineData("Alt+SysRq+b", "Alt+SysRq+B")]
    [InlineData("PgDn", "PageDown")]
    [InlineData("F12", "F12")]
    [InlineData("Shift+Tab", "Shift+Tab")]
    [InlineData("Ctrl++", "Ctrl+Shift+Equals")]
    [InlineData("?", "Shift+Slash")]
    [InlineData("1", "Digit1")]
    public void Keys_read_named_keys_and_chords(string written, string chord)
    {
        Assert.Equal(chord, Assert.Single(KeySequenceParser.ParseKeys(written).Chords).ToString());
    }

    [Fact]
    public void Keys_are_separated_by_spaces_or_commas()
    {
        Assert.Equal(["Escape", "Down", "Down", "Enter"], KeySequenceParser.ParseKeys("Esc Down, Down,Enter").Chords.Select(c => c.ToString()));
    }

    [Theory]
    [InlineData("Ctrl+Alt+Delete", true)]
    [InlineData("Alt+SysRq+S", true)]
    [InlineData("Alt+PrintScreen", true)]
    [InlineData("Ctrl+Delete", false)]
    [InlineData("Ctrl+C", false)]
    [InlineData("SysRq", false)]
    public void Machine_wide_chords_are_marked_dangerous(string written, bool dangerous)
    {
        Assert.Equal(dangerous, Assert.Single(KeySequenceParser.ParseKeys(written).Chords).IsDangerous);
    }

    [Theory]
    [InlineData("Enterr", "'Enterr'")]
    [InlineData("Ctrl+", "empty part")]
    [InlineData("Ctrl+C+C", "names C twice")]
    [InlineData("a+b+c+d+e+f+g", "at most 6")]
    public void Unknown_or_impossible_keys_are_a_clear_error(string written, string expected)
    {
        var error = Assert.Throws<KeySequenceException>(() => KeySequenceParser.ParseKeys(written));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_the_bound_is_refused_before_any_work()
    {
        var text = Assert.Throws<KeySequenceException>(() => KeySequenceParser.ParseText(new string('a', KeySequence.MaxChords + 1)));
        var keys = Assert.Throws<KeySequenceException>(() => KeySequenceParser.ParseKeys(string.Join(' ', Enumerable.Repeat("Enter", KeySequence.MaxChords + 1))));
        var both = Assert.Throws<KeySequenceException>(() => KeySequenceParser.ParseText(new string('a', 200)).Then(KeySequenceParser.ParseKeys(string.Join(' ', Enumerable.Repeat("Tab", 200)))));

        Assert.All([text, keys, both], e => Assert.Contains($"At most {KeySequence.MaxChords} keystrokes", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_table_has_one_row_per_key_and_no_code_twice()
    {
        Assert.Equal(Enum.GetValues<Key>().Order(), KeyTable.All.Select(r => r.Key).Order());
        Assert.Equal(KeyTable.All.Count, KeyTable.All.Select(r => r.HidUsage).Distinct().Count());
        Assert.Equal(KeyTable.All.Count, KeyTable.All.Select(r => r.Keysym).Distinct().Count());
        Assert.All(KeyTable.All, r => Assert.InRange(r.HidUsage, 0x04, 0x65));
    }

    [Fact]
    public void Every_printable_ascii_character_is_typable()
    {
        var printable = new string([.. Enumerable.Range(0x20, 0x7f - 0x20).Select(c => (char)c)]);

        var keys = KeySequenceParser.ParseText(printable);

        Assert.Equal(printable.Length, keys.Chords.Count);
    }

    [Fact]
    public void A_usb_report_per_state_change_ends_with_everything_released()
    {
        var reports = UsbKeyboardReport.For(new KeyChord(KeyModifiers.Ctrl | KeyModifiers.Alt, Key.Delete)).ToList();

        Assert.Equal(
            [[0x05, 0, 0, 0, 0, 0, 0, 0], [0x05, 0, 0x4c, 0, 0, 0, 0, 0], [0x05, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]],
            reports);
    }

    [Fact]
    public void Text_on_azerty_presses_the_keys_where_the_characters_are_with_altgr_for_the_third_level()
    {
        var keys = KeySequenceParser.ParseText("aA@é", KeyboardLayouts.Fr);

        Assert.Equal(["Q", "Shift+Q", "AltGr+Digit0", "Digit2"], keys.Chords.Select(c => c.ToString()));
        Assert.Equal(new byte[] { 0x40, 0, 0x27, 0, 0, 0, 0, 0 }, UsbKeyboardReport.For(keys.Chords[2]).ElementAt(1));
    }

    [Fact]
    public void A_character_behind_a_dead_key_is_the_dead_key_then_its_letter_or_space()
    {
        var keys = KeySequenceParser.ParseText("ê^", KeyboardLayouts.De);

        Assert.Equal(["Grave", "E", "Grave", "Space"], keys.Chords.Select(c => c.ToString()));
        Assert.Equal([true, false, true, false], keys.Chords.Select(c => c.IsDeadKey));
        Assert.Equal([null, 'ê', null, '^'], keys.Chords.Select(c => c.Character));
    }

    [Theory]
    [InlineData("fr", "ñ", "'ñ' (U+00F1)")]
    [InlineData("de", "é€ñ", "'ñ' (U+00F1)")]
    [InlineData("us", "é", "'é' (U+00E9)")]
    [InlineData("uk", "ä", "'ä' (U+00E4)")]
    public void Characters_outside_the_layout_are_named_and_nothing_is_typed(string layout, string text, string named)
    {
        var error = Assert.Throws<KeySequenceException>(() => KeySequenceParser.ParseText(text, KeyboardLayouts.Find(layout)));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains($"({layout}) cannot type", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", "Ctrl+a", "Ctrl+A", KeyModifiers.Ctrl, Key.Q)]
    [InlineData("fr", "Ctrl+@", "Ctrl+@", KeyModifiers.Ctrl | KeyModifiers.AltGr, Key.Digit0)]
    [InlineData("de", "Alt+SysRq+z", "Alt+SysRq+Z", KeyModifiers.Alt, Key.Y)]
    [InlineData("de", "AltGr+q", "AltGr+Q", KeyModifiers.AltGr, Key.Q)]
    public void Characters_in_chords_are_keys_of_the_layout_and_the_chord_keeps_the_callers_words(string layout, string written, string shown, KeyModifiers modifiers, Key last)
    {
        var chord = Assert.Single(KeySequenceParser.ParseKeys(written, KeyboardLayouts.Find(layout)).Chords);

        Assert.Equal(shown, chord.ToString());
        Assert.Equal(modifiers, chord.Modifiers);
        Assert.Equal(last, chord.Keys[^1]);
    }

    [Fact]
    public void A_dead_key_character_in_a_chord_is_refused_with_the_way_to_type_it()
    {
        var error = Assert.Throws<KeySequenceException>(() => KeySequenceParser.ParseKeys("Ctrl+^", KeyboardLayouts.De));

        Assert.Contains("needs a dead key", error.Message, StringComparison.Ordinal);
        Assert.Contains("through text", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "us")]
    [InlineData("", "us")]
    [InlineData("FR", "fr")]
    [InlineData(" de ", "de")]
    public void Layouts_are_found_by_name_in_any_case_and_us_is_the_default(string? name, string expected)
    {
        Assert.Equal(expected, KeyboardLayouts.Find(name).Name);
    }

    [Fact]
    public void An_unknown_layout_names_the_ones_there_are()
    {
        var error = Assert.Throws<KeySequenceException>(() => KeyboardLayouts.Find("dvorak\u001b"));

        Assert.Contains("us, uk, fr, de", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", error.Message, StringComparison.Ordinal);
    }
}
