using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Demo;
using OvhIkvm.Tool.Screenshots;

namespace OvhIkvm.Tool.Tests.Demo;

public sealed class BootingServerTests
{
    [Fact]
    public async Task Every_screen_of_the_demo_boot_reaches_the_tool_and_its_text_is_read_exactly()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var boot = new FakeTimeProvider();
        await using var fleet = await DemoFleet.StartAsync(NullLoggerFactory.Instance, boot, ct);
        await using var provider = DemoFleetTests.Services(fleet);
        var screenshots = provider.GetRequiredService<IScreenshotService>();
        var server = DemoServer.Fleet.Single(s => s.Boots);
        var steps = BootSequence.Debian(server.HostName);

        Assert.Equal(TimeSpan.Zero, steps[0].At);
        Assert.Equal("login prompt", steps[^1].Stage);
        Assert.InRange(steps[^1].At, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
        var shown = TimeSpan.Zero;
        foreach (var step in steps)
        {
            boot.Advance(step.At - shown);
            shown = step.At;

            var shot = await screenshots.CaptureAsync(server.ServiceName, raw: true, null, ct);

            Assert.Equal((step.Screen.Mode.Width, step.Screen.Mode.Height), (shot.SourceWidth, shot.SourceHeight));
            var text = shot.Text ?? throw new Xunit.Sdk.XunitException($"no text was recognised on the {step.Stage} screen");
            Assert.True(text.UnmatchedCells == 0, $"{step.Stage}: {text.UnmatchedCells} cells unread ({text.Summary}):\n{text.Text}");
            Assert.Equal(Expected(step.Screen), text.Text);
        }
    }

    private static string Expected(TextScreen screen)
    {
        var rows = Enumerable.Range(0, screen.Rows).Select(r => screen.GetRowText(r).TrimEnd()).ToList();
        while (rows.Count > 0 && rows[^1].Length == 0)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return string.Join('\n', rows);
    }
}
