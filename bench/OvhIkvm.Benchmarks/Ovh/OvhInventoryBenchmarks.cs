using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Kvm.Consoles;
using OvhIkvm.Ovh;
using OvhIkvm.Simulators.Ovh;

namespace OvhIkvm.Benchmarks.Ovh;

/// <summary>
/// Listing an account through the whole client (signing, HTTP on loopback, JSON, bounded parallel detail calls)
/// against the simulator, with the cache off so every run asks the API. It measures our overhead, not OVH's latency.
/// </summary>
[MemoryDiagnoser]
public class OvhInventoryBenchmarks
{
    private OvhApiSimulator _simulator = null!;
    private ServiceProvider _services = null!;
    private IConsoleProvider _provider = null!;

    [Params(4, 32)]
    public int Servers { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var servers = Enumerable.Range(1, Servers).Select(i => new OvhSimulatedServer($"ns{i}.ip-10-0-0-{i}.eu", $"198.51.100.{i}")).ToArray();
        _simulator = await OvhApiSimulator.StartAsync(new OvhSimulatorOptions { Servers = servers });
        _services = new ServiceCollection()
            .AddLogging()
            .AddOvhConsoleProvider(new OvhOptions
            {
                Endpoint = "ovh-eu",
                ApiBaseUrl = _simulator.BaseUrl,
                ApplicationKey = _simulator.Options.ApplicationKey,
                ApplicationSecret = new Secret(_simulator.Options.ApplicationSecret),
                ConsumerKey = new Secret(_simulator.Options.ConsumerKey),
                InventoryCacheDuration = TimeSpan.Zero,
            })
            .BuildServiceProvider();
        _provider = _services.GetRequiredService<IConsoleProvider>();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Benchmark]
    public Task<IReadOnlyList<ConsoleServer>> ListServers() => _provider.ListServersAsync(CancellationToken.None);
}
