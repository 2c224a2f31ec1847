using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Ovh.Account;

namespace OvhIkvm.Benchmarks.Ovh;

/// <summary>
/// The doctor's whole diagnosis (time, credential and rules, inventory, geolocation) through the client against the
/// simulator, with the inventory cache off. It measures our overhead, not OVH's latency.
/// </summary>
[MemoryDiagnoser]
public class OvhAccountChecksBenchmarks
{
    private SimulatedOvhAccount _account = null!;
    private IOvhAccountChecks _checks = null!;

    [Params(4, 32)]
    public int Servers { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _account = await SimulatedOvhAccount.StartAsync(Servers);
        _checks = _account.Services.GetRequiredService<IOvhAccountChecks>();
    }

    [GlobalCleanup]
    public Task CleanupAsync() => _account.DisposeAsync().AsTask();

    [Benchmark]
    public Task<OvhDiagnosis> Diagnose() => _checks.DiagnoseAsync(null, CancellationToken.None);
}
