using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Simulators.Bmc;

namespace OvhIkvm.Benchmarks.Ami;

/// <summary>
/// A frame from a held IVTP session (the screen unchanged, maxWait zero: the snapshot and its fingerprint) against
/// a frame captured afresh (viewer page, web session, KVM token, WebSocket, handshake, decode): what following a
/// screen saves per frame, on loopback. Compare with <see cref="AmiCaptureBenchmarks.ViewerUrlToFrame"/>.
/// </summary>
[MemoryDiagnoser]
public class AmiFollowBenchmarks
{
    private BmcSimulator _bmc = null!;
    private ServiceProvider _services = null!;
    private IKvmSession _held = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var aten = await File.ReadAllBytesAsync(BenchmarkFixtures.AtenCapturePath);
        _bmc = await BmcSimulator.StartAsync(new BmcSimulatorOptions(), new BmcScreenSequence(BmcScreen.FromAtenCapture(aten)), CancellationToken.None);
        _services = new ServiceCollection().AddLogging().AddKvmSessions().BuildServiceProvider();
        var factory = _services.GetRequiredService<IKvmSessionFactory>();
        _held = await factory.OpenAsync(new ViewerPageEndpoint(new Secret(_bmc.ViewerUrlFor().ToString())), null, CancellationToken.None);
        await _held.NextFrameAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _held.DisposeAsync();
        await _services.DisposeAsync();
        await _bmc.DisposeAsync();
    }

    [Benchmark]
    public async Task<int> HeldSessionUnchangedFrame()
    {
        var frame = await _held.NextFrameAsync(TimeSpan.Zero, CancellationToken.None);
        return frame.Width;
    }
}
