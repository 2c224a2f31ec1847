using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Tool.Consoles;

namespace OvhIkvm.Benchmarks.EndToEnd;

/// <summary>list_servers for a 50-server account with the inventory cache off: 1 + 2N signed calls, bounded concurrency.</summary>
[MemoryDiagnoser]
public class ListServersBenchmarks
{
    private SimulatedAccount _account = null!;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _account = await SimulatedAccount.StartAsync(servers: 50, DemoScreenKind.LoginPrompt);
        _services = _account.BuildServices();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Benchmark(Description = "list_servers, 50 servers, cache off")]
    public async Task<int> ListAsync() =>
        (await _services.GetRequiredService<IConsoleDirectory>().ListServersAsync(CancellationToken.None)).Servers.Count;
}
