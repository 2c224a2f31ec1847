using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OvhIkvm.Ovh;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Demo;
using OvhIkvm.Tool.Hosting;

namespace OvhIkvm.Benchmarks.EndToEnd;

/// <summary>
/// An OVH account on the OVH API simulator whose servers' viewer URLs lead to one simulated BMC, with task polling
/// cut to a millisecond ("task delays set to zero"), and the tool's production services pointed at it.
/// </summary>
internal sealed class SimulatedAccount : IAsyncDisposable
{
    private readonly OvhApiSimulator _ovh;
    private readonly BmcSimulator _bmc;

    private SimulatedAccount(OvhApiSimulator ovh, BmcSimulator bmc)
    {
        _ovh = ovh;
        _bmc = bmc;
        Options = DemoFleet.AccountOptions(ovh, taskPollInterval: TimeSpan.FromMilliseconds(1), inventoryCacheDuration: TimeSpan.Zero);
    }

    public OvhOptions Options { get; }

    public IReadOnlyList<OvhSimulatedServer> Servers => _ovh.Options.Servers;

    public static async Task<SimulatedAccount> StartAsync(int servers, DemoScreenKind screen)
    {
        var bmc = await BmcSimulator.StartAsync(new BmcSimulatorOptions { AcceptForeignViewerTokens = true, MaxWebSessions = 1000 }, new DemoScreenSource(screen, "ns1234567"), CancellationToken.None);
        var fleet = Enumerable.Range(0, servers)
            .Select(i => new OvhSimulatedServer($"ns{1000000 + i}.ip-198-51-100.eu", $"198.51.100.{i % 250}") { ViewerBaseUrl = bmc.ViewerPageUrl })
            .ToList();
        var ovh = await OvhApiSimulator.StartAsync(new OvhSimulatorOptions { Servers = fleet, GeolocationIp = "203.0.113.7" }, NullLoggerFactory.Instance);
        return new SimulatedAccount(ovh, bmc);
    }

    /// <summary>The tool's production services, as a fresh process would build them (no grant, no inventory cached).</summary>
    public ServiceProvider BuildServices()
    {
        var configuration = ToolConfiguration.Resolve(new Dictionary<ToolSetting, string?>(), new Dictionary<string, string?>()).WithDemoAccount(Options);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConsoleServices(configuration);
        return services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _ovh.DisposeAsync();
        await _bmc.DisposeAsync();
    }
}
