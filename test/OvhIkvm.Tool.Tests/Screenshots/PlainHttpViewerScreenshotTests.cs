using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Hosting;
using OvhIkvm.Tool.Screenshots;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Screenshots;

/// <summary>
/// The tool's production services against the OVH simulator on loopback, when OVH grants a viewer over plain http to
/// another machine. The host is under .invalid: an attempt to reach it would show in the runtime's network telemetry,
/// and the token could go nowhere even if the defence broke. The demo's loopback http viewers keep working (DemoFleetTests).
/// </summary>
public sealed class PlainHttpViewerScreenshotTests
{
    private const string ServerId = "ns3001234.ip-51-68-12.eu";

    [Fact]
    public async Task A_plain_http_viewer_granted_by_ovh_is_refused_with_one_sentence_and_never_contacted()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var host = $"{Guid.NewGuid():N}.gra3-1.ipmi.invalid";
        await using var ovh = await OvhApiSimulator.StartAsync(
            new OvhSimulatorOptions { Servers = [new OvhSimulatedServer(ServerId, "51.68.12.34") { ViewerBaseUrl = new Uri($"http://{host}/viewer") }] },
            cancellationToken: ct);
        var services = new ServiceCollection().AddLogging();
        services.AddConsoleServices(InMemoryMcpServer.EmptyConfiguration.WithDemoAccount(new OvhOptions
        {
            Endpoint = "ovh-eu",
            ApiBaseUrl = ovh.BaseUrl,
            ApplicationKey = ovh.Options.ApplicationKey,
            ApplicationSecret = new Secret(ovh.Options.ApplicationSecret),
            ConsumerKey = new Secret(ovh.Options.ConsumerKey),
            AllowedIp = "203.0.113.7",
            TaskPollInterval = TimeSpan.FromMilliseconds(5),
        }));
        await using var provider = services.BuildServiceProvider();
        using var attempts = new NetworkAttempts();

        var error = await Assert.ThrowsAsync<ConsoleException>(() =>
            provider.GetRequiredService<IScreenshotService>().CaptureAsync(ServerId, raw: false, null, ct));

        Assert.Equal(
            $"OVH granted console access to {ServerId}, but the viewer address is plain http:// to another machine, which would send its session token across the network in clear; " +
            "nothing was sent to it: try again, and reset the IPMI interface in the OVH control panel if it persists.",
            error.Message);
        Assert.Equal(1, ovh.Count("POST /dedicated/server/*/features/ipmi/access"));
        Assert.False(attempts.Reached(host), "something tried to reach the viewer's host");
    }
}
