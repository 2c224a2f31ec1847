using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Consoles;

namespace OvhIkvm.Benchmarks.Ovh;

/// <summary>
/// Listing an account through the whole client (signing, HTTP on loopback, JSON, bounded parallel detail calls)
/// against the simulator, with the cache off so every run asks the API. It measures our overhead, not OVH's latency.
/// </summary>
[MemoryDiagnoser]
public class OvhInventoryBenchmarks
{
    private SimulatedOvhAccount _account = null!;
    private IConsoleProvider _provider = null!;

    [Params(4, 32)]
    public int Servers { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _account = await SimulatedOvhAccount.StartAsync(Servers);
        _provider = _account.Services.GetRequiredService<IConsoleProvider>();
    }

    [GlobalCleanup]
    public Task CleanupAsync() => _account.DisposeAsync().AsTask();

    [Benchmark]
    public Task<IReadOnlyList<ConsoleServer>> ListServers() => _provider.ListServersAsync(CancellationToken.None);
}
