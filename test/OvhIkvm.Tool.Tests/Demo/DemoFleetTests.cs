using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Demo;
using OvhIkvm.Tool.Hosting;
using OvhIkvm.Tool.Screenshots;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Demo;

public sealed class DemoFleetTests
{
    [Fact]
    public async Task A_restarted_tool_screenshots_a_server_again_while_its_earlier_grant_is_still_valid()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var fleet = await DemoFleet.StartAsync(NullLoggerFactory.Instance, ct);
        var server = DemoServer.Fleet[0].ServiceName;

        await using var first = Services(fleet);
        await first.GetRequiredService<IScreenshotService>().CaptureAsync(server, raw: true, null, ct);
        for (var run = 0; run < 3; run++)
        {
            await using var services = Services(fleet);
            var shot = await services.GetRequiredService<IScreenshotService>().CaptureAsync(server, raw: true, null, ct);
            Assert.Equal((1024, 768), (shot.SourceWidth, shot.SourceHeight));
        }
    }

    /// <summary>The tool's production services, pointed at the demo fleet's OVH account.</summary>
    internal static ServiceProvider Services(DemoFleet fleet)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConsoleServices(InMemoryMcpServer.EmptyConfiguration.WithDemoAccount(fleet.Ovh));
        return services.BuildServiceProvider();
    }
}
