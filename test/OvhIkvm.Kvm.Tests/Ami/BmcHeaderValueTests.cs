using OvhIkvm.Kvm.Ami.Web;
using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>What may go back to a BMC in a header: the tokens real firmware issues, and nothing that could end a header line or a cookie.</summary>
public sealed class BmcHeaderValueTests
{
    [Theory]
    [InlineData("V4xZ0x5v")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("a+b/c=d_e-f.g~h!")]
    public void Tokens_real_firmware_issues_pass(string value)
    {
        Assert.Equal(value, BmcHeaderValue.Require(new Secret(value), "CSRF token", "bmc:443").Reveal());
    }

    [Theory]
    [InlineData("abc\r\nX-Injected: yes")]
    [InlineData("abc\nX")]
    [InlineData("abc\0")]
    [InlineData("two words")]
    [InlineData("a;b")]
    [InlineData("a,b")]
    [InlineData("a\"b")]
    [InlineData("a\\b")]
    [InlineData("caf\u00e9")]
    [InlineData("")]
    public void Anything_else_is_one_sentence_that_does_not_repeat_the_value(string value)
    {
        var error = Assert.Throws<ConsoleException>(() => BmcHeaderValue.Require(new Secret(value), "CSRF token", "bmc:443"));

        Assert.Equal(
            "The BMC at bmc:443 sent a CSRF token that is not a plain token (line breaks, separators or more than 512 characters), so it is not sent back; the BMC or its viewer page is misbehaving.",
            error.Message);
    }

    [Fact]
    public void Length_is_bounded()
    {
        BmcHeaderValue.Require(new Secret(new string('a', 128)), "KVM token", "bmc", maxLength: 128);

        Assert.Throws<ConsoleException>(() => BmcHeaderValue.Require(new Secret(new string('a', 129)), "KVM token", "bmc", maxLength: 128));
        Assert.Throws<ConsoleException>(() => BmcHeaderValue.Require(new Secret(new string('a', BmcHeaderValue.MaxLength + 1)), "session id", "bmc"));
    }
}
