using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh;
using OvhIkvm.Simulators.Ovh;

namespace OvhIkvm.Benchmarks.Ovh;

/// <summary>
/// An OVH account of N servers played by the simulator, and the production registration pointed at it with the
/// inventory cache off, so that every benchmarked call asks the API.
/// </summary>
internal sealed class SimulatedOvhAccount : IAsyncDisposable
{
    private SimulatedOvhAccount(OvhApiSimulator simulator, ServiceProvider services)
    {
        Simulator = simulator;
        Services = services;
    }

    public OvhApiSimulator Simulator { get; }

    public ServiceProvider Services { get; }

    public static async Task<SimulatedOvhAccount> StartAsync(int servers)
    {
        var fleet = Enumerable.Range(1, servers).Select(i => new OvhSimulatedServer($"ns{i}.ip-10-0-0-{i}.eu", $"198.51.100.{i}")).ToArray();
        var simulator = await OvhApiSimulator.StartAsync(new OvhSimulatorOptions { Servers = fleet });
        var services = new ServiceCollection()
            .AddLogging()
            .AddOvhConsoleProvider(new OvhOptions
            {
                Endpoint = "ovh-eu",
                ApiBaseUrl = simulator.BaseUrl,
                ApplicationKey = simulator.Options.ApplicationKey,
                ApplicationSecret = new Secret(simulator.Options.ApplicationSecret),
                ConsumerKey = new Secret(simulator.Options.ConsumerKey),
                InventoryCacheDuration = TimeSpan.Zero,
                ServerDetailsCacheDuration = TimeSpan.Zero,

                // The pace is OVH's fair use; the simulator has none, and a benchmark measures the client, not the wait.
                RequestsPerMinute = int.MaxValue,
                RequestBurst = int.MaxValue,
            })
            .BuildServiceProvider();
        return new SimulatedOvhAccount(simulator, services);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
