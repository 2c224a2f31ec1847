using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Demo;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Cli;

/// <summary>
/// The <c>wait</c> and <c>screenshot --text</c> commands, in process, against the demo fleet on loopback (simulated
/// OVH API and AMI BMCs over real HTTP and WebSocket), its booting server on a clock the test sets.
/// </summary>
public sealed partial class WaitCommandTests
{
    private const string Booting = DemoServer.BootingServiceName;

    [Fact]
    public async Task Wait_for_the_login_prompt_exits_0_with_the_sentence_the_text_and_the_png()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var fleet = await StartBootedAsync(BootSequence.LoginPromptAt, ct);
        using var png = new TempFile("login.png");

        var (exitCode, output, error) = await CliRunner.RunAsync(
            ["wait", Booting, "--until", "text", "--pattern", "login:", "--timeout", "30", "-o", png.Path, "--text"],
            OvhEnvironment.For(fleet.Ovh),
            ct);

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n');
        Assert.Matches(MatchedLine(), lines[0]);
        Assert.StartsWith(png.Path, lines[1], StringComparison.Ordinal);
        Assert.Contains("ns3100432 login:", output, StringComparison.Ordinal);
        Assert.True(new FileInfo(png.Path).Length > 1000);
        Assert.Contains("Console text: 128x48 text grid of 8x16 cells, font VGA 8x16", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_that_times_out_says_so_and_exits_3()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var fleet = await StartBootedAsync(TimeSpan.Zero, ct);

        var (exitCode, output, _) = await CliRunner.RunAsync(
            ["wait", Booting, "--until", "text", "--pattern", "login:", "--timeout", "1"],
            OvhEnvironment.For(fleet.Ovh),
            ct);

        Assert.Equal(3, exitCode);
        Assert.Matches(NoMatchLine(), output.TrimEnd());
    }

    [Theory]
    [InlineData(new[] { "--until", "text" }, "until=text needs a pattern")]
    [InlineData(new[] { "--until", "change", "--timeout", "601" }, "--stable-seconds and --timeout must be from 1 to 600 seconds")]
    [InlineData(new[] { "--until", "text", "--pattern", "(a)\\1" }, "needs backtracking")]
    public async Task Wait_with_unusable_arguments_says_why_and_exits_2_before_opening_anything(string[] arguments, string expected)
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);

        var (exitCode, output, error) = await CliRunner.RunAsync(["wait", Booting, .. arguments], new Dictionary<string, string?>(), ct);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screenshot_text_prints_the_console_text_on_stdout()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var fleet = await StartBootedAsync(TimeSpan.FromSeconds(4), ct);
        using var png = new TempFile("grub.png");

        var (exitCode, output, _) = await CliRunner.RunAsync(["screenshot", Booting, "-o", png.Path, "--text"], OvhEnvironment.For(fleet.Ovh), ct);

        Assert.Equal(0, exitCode);
        Assert.Contains("GNU GRUB", output, StringComparison.Ordinal);
        Assert.Contains("Debian GNU/Linux", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screenshot_text_of_a_screen_without_readable_text_says_so_on_stderr()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var fleet = await StartBootedAsync(TimeSpan.Zero, ct);
        using var png = new TempFile("panic.png");
        // Drawn in the demo's own font, which no machine uses and the recogniser does not read.
        var server = DemoServer.Fleet.First(s => s.Screen == DemoScreenKind.KernelPanic).ServiceName;

        var (exitCode, output, error) = await CliRunner.RunAsync(["screenshot", server, "-o", png.Path, "--text"], OvhEnvironment.For(fleet.Ovh), ct);

        Assert.Equal(0, exitCode);
        Assert.Single(output.TrimEnd().Split('\n'));
        Assert.Contains($"No console text was recognised on the screen of {server}", error, StringComparison.Ordinal);
    }

    private static async Task<DemoFleet> StartBootedAsync(TimeSpan bootedFor, CancellationToken cancellationToken)
    {
        var boot = new FakeTimeProvider();
        var fleet = await DemoFleet.StartAsync(NullLoggerFactory.Instance, boot, cancellationToken);
        boot.Advance(bootedFor);
        return fleet;
    }

    [GeneratedRegex(@"^matched 'login:' after \d+\.\d s$")]
    private static partial Regex MatchedLine();

    [GeneratedRegex(@"^no match for 'login:' in 1 s; the screen has not changed since the wait began at \d\d:\d\d:\d\d UTC$")]
    private static partial Regex NoMatchLine();
}
