using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Tests.Consoles;

/// <summary>The one rule for granted viewer URLs: https, or plain http to a host that is loopback by its spelling.</summary>
public sealed class ViewerAddressTests
{
    [Theory]
    [InlineData("https://0123456789abcdef.gra3-1.ipmi.ovh.net/viewer?token=t")]
    [InlineData("https://10.0.0.5/viewer")]
    [InlineData("http://127.0.0.1:8080/viewer?token=t")]
    [InlineData("http://127.0.0.2/viewer")]
    [InlineData("http://localhost:5000/viewer")]
    [InlineData("http://LOCALHOST/viewer")]
    [InlineData("http://[::1]:8080/viewer")]
    public void Https_anywhere_and_http_on_loopback_may_be_opened(string url)
    {
        Assert.True(ViewerAddress.TryParse(url, out var address, out var refusal));
        Assert.Equal(new Uri(url), address);
        Assert.Null(refusal);
    }

    [Theory]
    [InlineData("http://0123456789abcdef.gra3-1.ipmi.ovh.net/viewer?token=secret-token")]
    [InlineData("http://10.0.0.5/viewer?token=secret-token")]
    [InlineData("http://0.0.0.0:8080/viewer?token=secret-token")]
    [InlineData("http://localhost.example.com/viewer?token=secret-token")]
    [InlineData("http://127.0.0.1.nip.io/viewer?token=secret-token")]
    [InlineData("http://[fe80::1]/viewer?token=secret-token")]
    public void Plain_http_to_any_other_host_is_refused_without_repeating_the_url(string url)
    {
        Assert.False(ViewerAddress.TryParse(url, out var address, out var refusal));
        Assert.Null(address);
        Assert.Equal("the viewer address is plain http:// to another machine, which would send its session token across the network in clear", refusal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/viewer?token=secret-token")]
    [InlineData("ftp://kvm.example/viewer?token=secret-token")]
    [InlineData("javascript:alert(1)")]
    public void Anything_but_an_absolute_http_or_https_url_is_refused(string? url)
    {
        Assert.False(ViewerAddress.TryParse(url, out _, out var refusal));
        Assert.Equal("the viewer address is not an http(s) URL", refusal);
    }
}
