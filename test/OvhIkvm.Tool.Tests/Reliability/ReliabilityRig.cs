using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using OvhIkvm.Kvm.Ami;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Tool.Mcp;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Reliability;

/// <summary>
/// One tool under test (the production MCP registration, a real MCP client) in front of its own <see cref="ReliabilityFleet"/>.
/// It keeps every tool result, so that a test ends with <see cref="AssertNoSecretLeaked"/> over all of them and every log line.
/// </summary>
internal sealed class ReliabilityRig : IAsyncDisposable
{
    private readonly ConcurrentQueue<CallToolResult> _results = new();

    private ReliabilityRig(ReliabilityFleet fleet, InMemoryMcpServer mcp, KvmSessionProbe probe)
    {
        Fleet = fleet;
        Mcp = mcp;
        Sessions = probe;
    }

    public ReliabilityFleet Fleet { get; }

    public InMemoryMcpServer Mcp { get; }

    public KvmSessionProbe Sessions { get; }

    /// <summary>
    /// Starts a fleet of <paramref name="serverCount"/> OVH servers (see <see cref="ReliabilityFleet.StartAsync"/>) and
    /// the tool in front of it, each tool call limited to <paramref name="callTimeout"/> (default: <see cref="ReliabilityTimeouts.Call"/>).
    /// </summary>
    public static async Task<ReliabilityRig> StartAsync(
        int serverCount,
        CancellationToken cancellationToken,
        Func<OvhSimulatedServer, OvhSimulatedServer>? customize = null,
        TimeSpan? callTimeout = null)
    {
        var fleet = await ReliabilityFleet.StartAsync(serverCount, cancellationToken, customize);
        try
        {
            var probe = new KvmSessionProbe();
            var mcp = await InMemoryMcpServer.StartAsync(
                overrides: services => services
                    .Configure<AmiSessionOptions>(ReliabilityTimeouts.Apply)
                    .AddSingleton(new ToolCallOptions(callTimeout ?? ReliabilityTimeouts.Call)),
                configuration: fleet.Configuration(),
                decorations: probe.Decorate);
            return new ReliabilityRig(fleet, mcp, probe);
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>One get_screenshot call (raw pixels, so the image can be checked against the screen) and how long it took.</summary>
    public async Task<(CallToolResult Result, TimeSpan Elapsed)> ScreenshotAsync(string serverId, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var result = await Mcp.Client.CallToolAsync(
            ConsoleTools.GetScreenshotName,
            new Dictionary<string, object?> { ["serverId"] = serverId, ["raw"] = true },
            cancellationToken: cancellationToken);
        var elapsed = watch.Elapsed;
        _results.Enqueue(result);
        return (result, elapsed);
    }

    public async Task<CallToolResult> ListServersAsync(CancellationToken cancellationToken, IProgress<ProgressNotificationValue>? progress = null)
    {
        var result = await Mcp.Client.CallToolAsync(ConsoleTools.ListServersName, progress: progress, cancellationToken: cancellationToken);
        _results.Enqueue(result);
        return result;
    }

    /// <summary>A screenshot that worked: a PNG of exactly the screen the server's BMC shows.</summary>
    public static void AssertShowsConsole(CallToolResult result, string serverId)
    {
        var text = string.Join(" ", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
        Assert.True(result.IsError != true, $"get_screenshot {serverId} failed: {text}");
        var image = Assert.IsType<ImageContentBlock>(Assert.Single(result.Content));
        Assert.Equal("image/png", image.MimeType);
        var png = image.DecodedData.Span;
        Assert.True(png.Length > 24 && png[..8].SequenceEqual(PngSignature), "not a PNG");
        var expected = DemoScreens.Render(ReliabilityFleet.Screen, ReliabilityFleet.HostName(serverId));
        Assert.Equal((expected.Width, expected.Height), (BinaryPrimitives.ReadInt32BigEndian(png[16..]), BinaryPrimitives.ReadInt32BigEndian(png[20..])));
    }

    /// <summary>
    /// The error contract: an error result whose only content is one sentence a user can act on, with no exception
    /// type, stack frame or line break, naming what <paramref name="expectedFragment"/> says.
    /// </summary>
    public static string AssertOneClearError(CallToolResult result, string expectedFragment)
    {
        Assert.True(result.IsError, "expected an error result");
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.Contains(expectedFragment, text, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(text.Length, 20, 600);
        Assert.DoesNotContain('\n', text);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at OvhIkvm.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected internal error", text, StringComparison.Ordinal);
        Assert.EndsWith(".", text.TrimEnd(')', '"', '\''), StringComparison.Ordinal);
        return text;
    }

    /// <summary>
    /// The reliability contract for one fault: the call fails with one clear sentence within <paramref name="limit"/>
    /// (plus scheduling margin), then, once <paramref name="heal"/> has lifted the fault, the same tool process serves
    /// <paramref name="recoveryServerId"/>. Returns the error text for fault-specific checks.
    /// </summary>
    public async Task<string> AssertFailsClearlyThenRecoversAsync(
        string serverId,
        string expectedFragment,
        TimeSpan limit,
        Action? heal,
        string recoveryServerId,
        CancellationToken cancellationToken)
    {
        var (failed, elapsed) = await ScreenshotAsync(serverId, cancellationToken);
        var message = AssertOneClearError(failed, expectedFragment);
        TestContext.Current.TestOutputHelper?.WriteLine($"{serverId} failed in {elapsed.TotalMilliseconds:0} ms: {message}");
        // Real time, against real peers: see ReliabilityTimeouts.Margin for what the margin covers and why.
        Assert.True(elapsed <= limit + ReliabilityTimeouts.Margin, $"the failure took {elapsed}, beyond its limit {limit}: {message}");

        heal?.Invoke();
        var (next, _) = await ScreenshotAsync(recoveryServerId, cancellationToken);
        AssertShowsConsole(next, recoveryServerId);
        return message;
    }

    /// <summary>Scans every tool result of this rig and every log line the tool wrote for each secret the fleet handed out.</summary>
    public void AssertNoSecretLeaked() =>
        SecretScan.AssertClean(
            [.. Fleet.FixedSecrets, .. SecretScan.ViewerSecrets(Sessions.ViewerUrls)],
            [.. _results.SelectMany(SecretScan.TextOf), .. Mcp.Logs.Lines]);

    public async ValueTask DisposeAsync()
    {
        await Mcp.DisposeAsync();
        await Fleet.DisposeAsync();
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
}
