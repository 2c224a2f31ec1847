using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Kvm;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Simulators.Bmc;

namespace OvhIkvm.Benchmarks.Ami;

/// <summary>
/// One whole screenshot on loopback, as the tool does it: viewer page, web session, KVM token, WebSocket, IVTP
/// handshake, the real ATEN frame in fragments, the ASPEED decode. What remains on a real BMC is network latency.
/// </summary>
[MemoryDiagnoser]
public class AmiCaptureBenchmarks
{
    private BmcSimulator _bmc = null!;
    private ServiceProvider _services = null!;
    private IKvmSessionFactory _factory = null!;

    [Params("binary", "base64")]
    public string Subprotocol { get; set; } = "binary";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var aten = await File.ReadAllBytesAsync(BenchmarkFixtures.AtenCapturePath);
        _bmc = await BmcSimulator.StartAsync(
            new BmcSimulatorOptions { Subprotocol = Subprotocol, FragmentSize = 16 * 1024 },
            new BmcScreenSequence(BmcScreen.FromAtenCapture(aten)),
            CancellationToken.None);
        _services = new ServiceCollection().AddLogging().AddKvmSessions().BuildServiceProvider();
        _factory = _services.GetRequiredService<IKvmSessionFactory>();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _bmc.DisposeAsync();
    }

    [Benchmark]
    public async Task<int> ViewerUrlToFrame()
    {
        var session = await _factory.OpenAsync(new ViewerPageEndpoint(new Secret(_bmc.ViewerUrlFor().ToString())), null, CancellationToken.None);
        await using (session)
        {
            var frame = await session.CaptureFrameAsync(CancellationToken.None);
            return frame.Width;
        }
    }
}
