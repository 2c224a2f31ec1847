using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Tests.Consoles;

public sealed class SecretTests
{
    [Fact]
    public void ToString_and_records_holding_a_secret_never_show_its_value()
    {
        var endpoint = new VncEndpoint(new Uri("vnc://127.0.0.1:5901"), new Secret("hunter2"));

        Assert.Equal("***", new Secret("hunter2").ToString());
        Assert.DoesNotContain("hunter2", endpoint.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", $"{endpoint}", StringComparison.Ordinal);
    }

    [Fact]
    public void Reveal_returns_the_value_and_equality_compares_values()
    {
        Assert.Equal("hunter2", new Secret("hunter2").Reveal());
        Assert.Equal(new Secret("a"), new Secret("a"));
        Assert.NotEqual(new Secret("a"), new Secret("b"));
    }
}
