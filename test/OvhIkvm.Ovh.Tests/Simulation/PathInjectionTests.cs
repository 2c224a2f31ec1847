using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Tests.Support;
using OvhIkvm.Testing;

namespace OvhIkvm.Ovh.Tests.Simulation;

public sealed class PathInjectionTests
{
    [Theory]
    [InlineData("ns3001234.ip-51-68-12.eu/../../../me")]
    [InlineData("../../me/api/credential")]
    [InlineData("ns3001234.ip-51-68-12.eu?type=kvmipJnlp")]
    [InlineData("ns3001234.ip-51-68-12.eu#x")]
    [InlineData("ns3001234.ip-51-68-12.eu%2F..%2Fme")]
    [InlineData("ns3001234.ip-51-68-12.eu\r\nX-Ovh-Consumer: other")]
    [InlineData("..")]
    public async Task Injection_attempts_are_rejected_before_any_request(string serverId)
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);

        var error = await Assert.ThrowsAsync<ConsoleException>(() => harness.Provider.OpenConsoleAsync(serverId, null, ct));

        Assert.Contains("not a valid OVH service name", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Simulator.Requests);
    }

    [Fact]
    public async Task Unsafe_names_returned_by_the_api_are_left_out_of_the_listing()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var servers = new[]
        {
            new OvhIkvm.Simulators.Ovh.OvhSimulatedServer("ns1.ip-1-1-1.eu", "198.51.100.1"),
            new OvhIkvm.Simulators.Ovh.OvhSimulatedServer("../me", "198.51.100.2"),
        };
        await using var harness = await OvhTestHarness.StartAsync(new OvhIkvm.Simulators.Ovh.OvhSimulatorOptions { Servers = servers }, cancellationToken: ct);

        var listed = await harness.Provider.ListServersAsync(ct);

        Assert.Equal(["ns1.ip-1-1-1.eu"], listed.Select(s => s.Id));
        Assert.DoesNotContain(harness.Simulator.Requests, r => r.Path.Contains("..", StringComparison.Ordinal));
    }
}
