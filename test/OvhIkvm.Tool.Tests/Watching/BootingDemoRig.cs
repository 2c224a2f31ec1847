using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Tool.Demo;
using OvhIkvm.Tool.Mcp;
using OvhIkvm.Tool.Tests.Reliability;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Watching;

/// <summary>
/// The demo fleet on loopback, its booting server on a clock the test moves (<see cref="Boot"/>), and the tool in
/// front of it with a real MCP client; the probe counts the KVM sessions the tool opens.
/// </summary>
internal sealed class BootingDemoRig : IAsyncDisposable
{
    public const string Server = DemoServer.BootingServiceName;

    private readonly long _poweredOn;

    private BootingDemoRig(DemoFleet fleet, FakeTimeProvider boot, InMemoryMcpServer mcp, KvmSessionProbe sessions)
    {
        _poweredOn = boot.GetTimestamp();
        Fleet = fleet;
        Boot = boot;
        Mcp = mcp;
        Sessions = sessions;
    }

    public DemoFleet Fleet { get; }

    /// <summary>The booting server's clock: it shows <see cref="BootSequence"/>'s step for the time set here.</summary>
    public FakeTimeProvider Boot { get; }

    public InMemoryMcpServer Mcp { get; }

    public KvmSessionProbe Sessions { get; }

    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="callTimeout">The generic per-call deadline (OVH_IKVM_CALL_TIMEOUT); the production default when null.</param>
    public static async Task<BootingDemoRig> StartAsync(CancellationToken cancellationToken, TimeSpan? callTimeout = null)
    {
        var boot = new FakeTimeProvider();
        var fleet = await DemoFleet.StartAsync(NullLoggerFactory.Instance, boot, cancellationToken);
        try
        {
            var sessions = new KvmSessionProbe();
            var mcp = await InMemoryMcpServer.StartAsync(
                overrides: services =>
                {
                    if (callTimeout is { } limit)
                    {
                        services.AddSingleton(new ToolCallOptions(limit));
                    }
                },
                configuration: InMemoryMcpServer.EmptyConfiguration.WithDemoAccount(fleet.Ovh),
                decorations: sessions.Decorate);
            return new BootingDemoRig(fleet, boot, mcp, sessions);
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>Moves the booting server to the step named <paramref name="stage"/>.</summary>
    public void BootTo(string stage)
    {
        var at = BootSequence.Debian("x").First(s => s.Stage == stage).At;
        var now = Boot.GetElapsedTime(_poweredOn);
        Assert.True(at >= now, $"the boot is past {stage} already");
        Boot.Advance(at - now);
    }

    public Task<CallToolResult> WaitAsync(IReadOnlyDictionary<string, object?> arguments, IProgress<ProgressNotificationValue>? progress, CancellationToken cancellationToken) =>
        Mcp.Client.CallToolAsync(
            ConsoleTools.WaitForConsoleName,
            new Dictionary<string, object?>(arguments) { ["serverId"] = Server },
            progress,
            cancellationToken: cancellationToken).AsTask();

    public async ValueTask DisposeAsync()
    {
        await Mcp.DisposeAsync();
        await Fleet.DisposeAsync();
    }
}
