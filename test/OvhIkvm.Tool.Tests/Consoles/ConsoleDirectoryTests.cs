using NSubstitute;
using NSubstitute.ExceptionExtensions;
using OvhIkvm.Consoles;
using OvhIkvm.Tool.Consoles;

namespace OvhIkvm.Tool.Tests.Consoles;

public sealed class ConsoleDirectoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Listing_merges_providers_and_reports_the_ones_that_failed()
    {
        var ovh = Provider("ovh", new ConsoleException("OVH credentials are not configured."));
        var direct = Provider("direct", servers: [new ConsoleServer("lab", "lab", "direct")]);

        var listing = await new ConsoleDirectory([ovh, direct]).ListServersAsync(Ct);

        Assert.Equal(["lab"], listing.Servers.Select(s => s.Id));
        Assert.Equal(["OVH credentials are not configured."], listing.ProviderErrors);
    }

    [Fact]
    public async Task Listing_fails_with_the_first_reason_when_every_provider_fails()
    {
        var directory = new ConsoleDirectory([Provider("ovh", new ConsoleException("first")), Provider("direct", new ConsoleException("second"))]);

        var error = await Assert.ThrowsAsync<ConsoleException>(() => directory.ListServersAsync(Ct));

        Assert.Equal("first", error.Message);
    }

    [Fact]
    public async Task Opening_routes_the_id_to_the_provider_that_lists_it()
    {
        var ovh = Provider("ovh", servers: [new ConsoleServer("ns1.ip-1-2-3.eu", "ns1", "ovh")]);
        var direct = Provider("direct", servers: [new ConsoleServer("lab", "lab", "direct")]);
        var endpoint = new VncEndpoint(new Uri("vnc://127.0.0.1"));
        direct.OpenConsoleAsync("LAB", null, Ct).Returns(endpoint);

        var opened = await new ConsoleDirectory([ovh, direct]).OpenConsoleAsync("LAB", null, Ct);

        Assert.Same(endpoint, opened);
        await ovh.DidNotReceiveWithAnyArgs().OpenConsoleAsync(default!, default, Ct);
    }

    [Fact]
    public async Task Opening_an_unknown_id_says_to_call_list_servers()
    {
        var directory = new ConsoleDirectory([Provider("ovh", servers: []), Provider("direct", servers: [])]);

        var error = await Assert.ThrowsAsync<ServerNotFoundException>(() => directory.OpenConsoleAsync("nope", null, Ct));

        Assert.Contains("list_servers", error.Message, StringComparison.Ordinal);
        Assert.Equal("nope", error.ServerId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ns1\nip")]
    [InlineData("ns1\u202Eue.3-2-1-pi")]
    public async Task Invalid_ids_are_rejected_before_any_provider_is_asked(string serverId)
    {
        var provider = Provider("ovh", servers: []);

        await Assert.ThrowsAsync<ConsoleException>(() => new ConsoleDirectory([provider]).OpenConsoleAsync(serverId, null, Ct));

        await provider.DidNotReceiveWithAnyArgs().OpenConsoleAsync(default!, default, Ct);
    }

    private static IConsoleProvider Provider(string name, ConsoleException? failure = null, IReadOnlyList<ConsoleServer>? servers = null)
    {
        var provider = Substitute.For<IConsoleProvider>();
        provider.Name.Returns(name);
        if (failure is not null)
        {
            provider.ListServersAsync(Arg.Any<CancellationToken>()).ThrowsAsync(failure);
        }
        else
        {
            provider.ListServersAsync(Arg.Any<CancellationToken>()).Returns(servers ?? []);
        }

        return provider;
    }
}
