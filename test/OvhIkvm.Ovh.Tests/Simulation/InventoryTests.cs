using OvhIkvm.Ovh.Tests.Support;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;

namespace OvhIkvm.Ovh.Tests.Simulation;

public sealed class InventoryTests
{
    [Fact]
    public async Task Lists_every_server_with_its_details_and_console_availability()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var servers = new OvhSimulatedServer[]
        {
            new("ns1.ip-1-1-1.eu", "198.51.100.1", "gra3") { Reverse = "web-1.example.net." },
            new("ns2.ip-2-2-2.eu", "198.51.100.2", "rbx8"),
            new("ks3.kimsufi.com", "198.51.100.3", "sbg3") { Html5Console = false },
            new("ns4.ip-4-4-4.eu", "198.51.100.4", "bhs8") { IpmiActivated = false },
        };
        await using var harness = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { Servers = servers }, cancellationToken: ct);

        var listed = await harness.Provider.ListServersAsync(ct);

        Assert.Collection(
            listed,
            s => Assert.Equal(new("ks3.kimsufi.com", "ks3.kimsufi.com", "ovh", "sbg3", "198.51.100.3", false), s),
            s => Assert.Equal(new("ns1.ip-1-1-1.eu", "web-1.example.net", "ovh", "gra3", "198.51.100.1", true), s),
            s => Assert.Equal(new("ns2.ip-2-2-2.eu", "ns2.ip-2-2-2.eu", "ovh", "rbx8", "198.51.100.2", true), s),
            s => Assert.Equal(new("ns4.ip-4-4-4.eu", "ns4.ip-4-4-4.eu", "ovh", "bhs8", "198.51.100.4", false), s));
        Assert.Equal(1, harness.Simulator.Count("GET /dedicated/server"));
        Assert.Equal(4, harness.Simulator.Count("GET /dedicated/server/*/features/ipmi"));
    }

    [Fact]
    public async Task A_second_listing_within_the_cache_duration_makes_no_request()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);

        var first = await harness.Provider.ListServersAsync(ct);
        var requests = harness.Simulator.Requests.Count;
        var second = await harness.Provider.ListServersAsync(ct);

        Assert.Equal(first, second);
        Assert.Equal(requests, harness.Simulator.Requests.Count);
    }

    [Fact]
    public async Task The_listing_is_refreshed_once_the_cache_expires()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);

        await harness.Provider.ListServersAsync(ct);
        harness.Time.Advance(harness.Options.InventoryCacheDuration + TimeSpan.FromSeconds(1));
        harness.Simulator.ClockOffset = harness.Options.InventoryCacheDuration + TimeSpan.FromSeconds(1);
        await harness.Provider.ListServersAsync(ct);

        Assert.Equal(2, harness.Simulator.Count("GET /dedicated/server"));
    }

    [Fact]
    public async Task Concurrent_listings_share_one_refresh()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => harness.Provider.ListServersAsync(ct)));

        Assert.Equal(1, harness.Simulator.Count("GET /dedicated/server"));
        Assert.Equal(1, harness.Simulator.Count("GET /auth/time"));
    }
}
