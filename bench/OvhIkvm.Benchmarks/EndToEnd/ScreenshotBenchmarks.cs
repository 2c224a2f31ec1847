using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Tool.Screenshots;

namespace OvhIkvm.Benchmarks.EndToEnd;

/// <summary>
/// get_screenshot's pipeline against loopback simulators: cold (fresh services and a server never granted before, so
/// a grant is requested and its task polled, then viewer page, KVM token, IVTP session, ASPEED decode, optimise, PNG)
/// and warm (grant cached).
/// </summary>
[MemoryDiagnoser]
public class ScreenshotBenchmarks
{
    private SimulatedAccount _account = null!;
    private ServiceProvider _warm = null!;
    private string _server = null!;
    private int _nextColdServer;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _account = await SimulatedAccount.StartAsync(servers: 1024, DemoScreenKind.KernelPanic);
        _server = _account.Servers[0].ServiceName;
        _warm = _account.BuildServices();
        await _warm.GetRequiredService<IScreenshotService>().CaptureAsync(_server, raw: false, null, CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _warm.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Benchmark(Description = "cold screenshot (grant needed)")]
    public async Task<int> ColdAsync()
    {
        // A server with no grant yet, as the first screenshot of a server in a fresh process.
        var server = _account.Servers[1 + (_nextColdServer++ % (_account.Servers.Count - 1))].ServiceName;
        await using var services = _account.BuildServices();
        var shot = await services.GetRequiredService<IScreenshotService>().CaptureAsync(server, raw: false, null, CancellationToken.None);
        return shot.Image.Png.Length;
    }

    [Benchmark(Description = "warm screenshot (grant cached)")]
    public async Task<int> WarmAsync()
    {
        var shot = await _warm.GetRequiredService<IScreenshotService>().CaptureAsync(_server, raw: false, null, CancellationToken.None);
        return shot.Image.Png.Length;
    }
}
