using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Ami;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>Builds the real AMI client stack against a simulator, with short timeouts so fault tests end quickly.</summary>
internal static class AmiTestHost
{
    public static AmiSessionOptions FastOptions() => new()
    {
        PageFetchTimeout = TimeSpan.FromSeconds(10),
        RestCallTimeout = TimeSpan.FromSeconds(10),
        SocketConnectTimeout = TimeSpan.FromSeconds(10),
        ValidationTimeout = TimeSpan.FromSeconds(5),
        CaptureTimeout = TimeSpan.FromSeconds(8),
        KeepAliveInterval = TimeSpan.FromMilliseconds(500),
        FullScreenRetryInterval = TimeSpan.FromMilliseconds(500),
    };

    public static AmiSessionOpener Opener(IVideoFrameDecoderFactory decoders, AmiSessionOptions? options = null) =>
        new(decoders, Options.Create(options ?? FastOptions()), FrameLimits.Default, TimeProvider.System, NullLoggerFactory.Instance);

    public static KvmSessionFactory Factory(IVideoFrameDecoderFactory decoders, AmiSessionOptions? options = null) =>
        Factory(Opener(decoders, options));

    /// <summary>The factory around a given opener, for tests that shut it down (which waits for background logouts).</summary>
    public static KvmSessionFactory Factory(AmiSessionOpener opener) =>
        new(opener, new OvhIkvm.Kvm.Rfb.RfbSessionConnector(new OvhIkvm.Kvm.Rfb.RfbOptions(), NullLogger<OvhIkvm.Kvm.Rfb.RfbSession>.Instance, TimeProvider.System, new DecodeMemoryBudget(TimeProvider.System)), NullLogger<KvmSessionFactory>.Instance);

    /// <summary>The real ATEN capture, served the way an AMI BMC would send it.</summary>
    public static BmcScreen AtenScreen() => BmcScreen.FromAtenCapture(TestFixtures.Read("ami", "aten-ast2100-frame4.bin"));

    public static Task<BmcSimulator> StartAsync(BmcSimulatorOptions? options = null, IBmcScreenSource? screens = null) =>
        BmcSimulator.StartAsync(options ?? new BmcSimulatorOptions(), screens ?? new BmcScreenSequence(AtenScreen()), TestContext.Current.CancellationToken);

    /// <summary>The tool's path for an OVH console: a fresh one-time viewer URL, the factory, one capture, dispose.</summary>
    public static async Task<Frame> CaptureViaViewerAsync(BmcSimulator bmc, IVideoFrameDecoderFactory decoders, CancellationToken cancellation)
    {
        var session = await Factory(decoders).OpenAsync(new ViewerPageEndpoint(new Secret(bmc.ViewerUrlFor().ToString())), null, cancellation);
        await using (session)
        {
            return await session.CaptureFrameAsync(cancellation);
        }
    }

    /// <summary>Polls a condition the simulator exposes, bounded by the test timeout: never a sleep standing in for an event.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        while (!condition())
        {
            await Task.Yield();
            cancellation.ThrowIfCancellationRequested();
        }
    }
}
