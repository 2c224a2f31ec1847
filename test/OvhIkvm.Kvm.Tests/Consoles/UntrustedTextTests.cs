using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Tests.Consoles;

public sealed class UntrustedTextTests
{
    [Theory]
    [InlineData('\u202A')]
    [InlineData('\u202B')]
    [InlineData('\u202C')]
    [InlineData('\u202D')]
    [InlineData('\u202E')]
    [InlineData('\u2066')]
    [InlineData('\u2067')]
    [InlineData('\u2068')]
    [InlineData('\u2069')]
    [InlineData('\u200E')]
    [InlineData('\u200F')]
    [InlineData('\u061C')]
    [InlineData('\u200B')]
    [InlineData('\uFEFF')]
    [InlineData('\u0000')]
    [InlineData('\u001B')]
    [InlineData('\u007F')]
    public void Every_bidirectional_control_format_or_control_character_is_shown_as_its_code_point(char hostile)
    {
        var shown = UntrustedText.Printable($"a{hostile}b");

        Assert.Equal($"a<U+{(int)hostile:X4}>b", shown);
        Assert.False(UntrustedText.IsPrintable($"a{hostile}b"));
    }

    [Theory]
    [InlineData("one\ntwo", "one two")]
    [InlineData("one\r\ntwo\tthree", "one  two three")]
    [InlineData("one\u2028two\u2029three\u0085four", "one two three four")]
    public void Line_breaks_and_tabs_become_spaces_so_the_text_stays_on_one_line(string text, string expected) =>
        Assert.Equal(expected, UntrustedText.Printable(text));

    [Theory]
    [InlineData("ns1234567.ip-1-2-3.eu")]
    [InlineData("Serveur de préproduction")]
    [InlineData("服务器 🖥️")]
    public void Ordinary_text_in_any_script_is_kept_as_it_is(string text)
    {
        Assert.Same(text, UntrustedText.Printable(text));
        Assert.True(UntrustedText.IsPrintable(text));
    }

    [Fact]
    public void A_lone_surrogate_is_replaced_and_long_text_is_cut_with_an_ellipsis()
    {
        Assert.Equal("a\uFFFDb", UntrustedText.Printable("a\uD800b"));
        Assert.False(UntrustedText.IsPrintable("a\uD800b"));
        Assert.Equal("aaaaa...", UntrustedText.Printable(new string('a', 500), 5));
        Assert.Equal(string.Empty, UntrustedText.Printable(null));
    }
}
