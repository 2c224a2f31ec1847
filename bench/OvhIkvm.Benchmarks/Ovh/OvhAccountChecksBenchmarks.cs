using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Kvm.Consoles;
using OvhIkvm.Ovh;
using OvhIkvm.Ovh.Account;
using OvhIkvm.Simulators.Ovh;

namespace OvhIkvm.Benchmarks.Ovh;

/// <summary>
/// The doctor's whole diagnosis (time, credential and rules, inventory, geolocation) through the client against the
/// simulator, with the inventory cache off. It measures our overhead, not OVH's latency.
/// </summary>
[MemoryDiagnoser]
public class OvhAccountChecksBenchmarks
{
    private OvhApiSimulator _simulator = null!;
    private ServiceProvider _services = null!;
    private IOvhAccountChecks _checks = null!;

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
        _checks = _services.GetRequiredService<IOvhAccountChecks>();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Benchmark]
    public Task<OvhDiagnosis> Diagnose() => _checks.DiagnoseAsync(null, CancellationToken.None);
}
