using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Rendering;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Consoles;
using OvhIkvm.Tool.Mcp;
using OvhIkvm.Tool.Screenshots;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Mcp;

public sealed class ConsoleToolsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> ProtocolVersions => ["2025-06-18", "2025-11-25", "sdk-default"];

    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task ToolsList_declares_every_tool_with_schemas_and_read_only_annotations(string protocolVersion)
    {
        await using var mcp = await InMemoryMcpServer.StartAsync(protocolVersion: protocolVersion == "sdk-default" ? null : protocolVersion);

        var tools = (await mcp.Client.ListToolsAsync(cancellationToken: Ct)).ToDictionary(t => t.Name);

        Assert.Equal(["get_screenshot", "list_servers", "wait_for_console"], tools.Keys.Order(StringComparer.Ordinal));
        var screenshot = tools["get_screenshot"].ProtocolTool;
        var properties = screenshot.InputSchema.GetProperty("properties");
        Assert.Equal(["raw", "serverId"], properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("string", properties.GetProperty("serverId").GetProperty("type").GetString());
        Assert.Contains("list_servers", properties.GetProperty("serverId").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("boolean", properties.GetProperty("raw").GetProperty("type").GetString());
        Assert.False(properties.GetProperty("raw").GetProperty("default").GetBoolean());
        Assert.Equal(["serverId"], screenshot.InputSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(tools["list_servers"].ProtocolTool.InputSchema.GetProperty("properties").EnumerateObject());
        var wait = tools["wait_for_console"].ProtocolTool;
        TestContext.Current.TestOutputHelper?.WriteLine(wait.InputSchema.ToString());
        var waitProperties = wait.InputSchema.GetProperty("properties");
        Assert.Equal(["pattern", "serverId", "stableSeconds", "timeoutSeconds", "until"], waitProperties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["change", "stable", "text"], waitProperties.GetProperty("until").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        foreach (var seconds in new[] { "stableSeconds", "timeoutSeconds" })
        {
            Assert.Equal(1, waitProperties.GetProperty(seconds).GetProperty("minimum").GetDouble());
            Assert.Equal(600, waitProperties.GetProperty(seconds).GetProperty("maximum").GetDouble());
        }

        Assert.Equal(60, waitProperties.GetProperty("timeoutSeconds").GetProperty("default").GetDouble());
        Assert.Equal(3, waitProperties.GetProperty("stableSeconds").GetProperty("default").GetDouble());
        Assert.Equal(["serverId", "until"], wait.InputSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
        Assert.False(wait.Annotations?.IdempotentHint);
        foreach (var tool in tools.Values.Select(t => t.ProtocolTool))
        {
            Assert.True(tool.Annotations?.ReadOnlyHint);
            Assert.True(tool.Annotations?.OpenWorldHint);
            Assert.True(tool.Description?.Length > 100, $"{tool.Name} needs a description a model can act on");
        }
    }

    [Fact]
    public async Task ListServers_returns_a_json_array_of_servers()
    {
        var directory = Substitute.For<IConsoleDirectory>();
        directory.ListServersAsync(Arg.Any<CancellationToken>(), Arg.Any<CancellationToken>()).Returns(new ServerListing(
            [
                new ConsoleServer("ns1.ip-1-2-3.eu", "ns1.ip-1-2-3.eu", "ovh", "gra3", "1.2.3.4", true),
                new ConsoleServer("lab-qemu", "QEMU lab", "direct"),
            ],
            []));
        await using var mcp = await InMemoryMcpServer.StartAsync(s => s.AddSingleton(directory));

        var result = await mcp.Client.CallToolAsync("list_servers", cancellationToken: Ct);

        Assert.NotEqual(true, result.IsError);
        var json = JsonDocument.Parse(Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text).RootElement;
        Assert.Equal(2, json.GetArrayLength());
        var first = json[0];
        Assert.Equal("ns1.ip-1-2-3.eu", first.GetProperty("id").GetString());
        Assert.Equal("ovh", first.GetProperty("provider").GetString());
        Assert.Equal("gra3", first.GetProperty("datacenter").GetString());
        Assert.Equal("1.2.3.4", first.GetProperty("ip").GetString());
        Assert.True(first.GetProperty("consoleAvailable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json[1].GetProperty("datacenter").ValueKind);
    }

    [Fact]
    public async Task ListServers_without_credentials_says_which_variables_to_set_and_the_server_keeps_serving()
    {
        await using var mcp = await InMemoryMcpServer.StartAsync();

        var first = await mcp.Client.CallToolAsync("list_servers", cancellationToken: Ct);
        var second = await mcp.Client.CallToolAsync("get_screenshot", new Dictionary<string, object?> { ["serverId"] = "ns1.ip-1-2-3.eu" }, cancellationToken: Ct);

        foreach (var result in new[] { first, second })
        {
            Assert.True(result.IsError);
            var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
            Assert.Contains("OVH_APPLICATION_KEY", text, StringComparison.Ordinal);
            Assert.Contains("OVH_APPLICATION_SECRET", text, StringComparison.Ordinal);
            Assert.Contains("OVH_CONSUMER_KEY", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GetScreenshot_returns_one_png_image_block_of_the_captured_screen()
    {
        var frame = TestFrames.Pattern(5, 3);
        var (mcp, session) = await StartShowingAsync(frame);
        await using var running = mcp;

        var result = await mcp.Client.CallToolAsync("get_screenshot", new Dictionary<string, object?> { ["serverId"] = "srv", ["raw"] = true }, cancellationToken: Ct);

        Assert.NotEqual(true, result.IsError);
        var image = Assert.IsType<ImageContentBlock>(Assert.Single(result.Content));
        Assert.Equal("image/png", image.MimeType);
        ImageComparison.AssertIdentical(frame, PngReader.Read(image.DecodedData.ToArray()).Frame);
        await session.Received(1).DisposeAsync();
    }

    [Fact]
    public async Task A_text_console_in_a_known_font_comes_with_its_exact_text_after_the_image()
    {
        // The kernel panic screen drawn in the VGA font real machines use, so the recogniser can read it exactly.
        var screen = DemoScreens.Create(DemoScreenKind.KernelPanic, "ns1234567.ip-1-2-3.eu");
        var (mcp, _) = await StartShowingAsync(screen.Render(ConsoleFont.Vga));
        await using var running = mcp;

        var result = await mcp.Client.CallToolAsync("get_screenshot", new Dictionary<string, object?> { ["serverId"] = "srv" }, cancellationToken: Ct);

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(2, result.Content.Count);
        Assert.IsType<ImageContentBlock>(result.Content[0]);
        var text = Assert.IsType<TextContentBlock>(result.Content[1]).Text;
        Assert.StartsWith($"Console text ({screen.Columns}x{screen.Rows} text grid of ", text, StringComparison.Ordinal);
        Assert.Contains("font VGA 8x16", text, StringComparison.Ordinal);
        Assert.Contains("Kernel panic - not syncing", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_screen_in_a_font_the_library_lacks_gets_no_text_block()
    {
        // The demo's own hand-drawn font is not a console font any machine uses: no text is guessed from it.
        var (mcp, _) = await StartShowingAsync(DemoScreens.Render(DemoScreenKind.KernelPanic, "ns1234567.ip-1-2-3.eu"));
        await using var running = mcp;

        var result = await mcp.Client.CallToolAsync("get_screenshot", new Dictionary<string, object?> { ["serverId"] = "srv" }, cancellationToken: Ct);

        Assert.IsType<ImageContentBlock>(Assert.Single(result.Content));
    }

    [Fact]
    public async Task A_raw_screen_over_the_client_limit_comes_back_optimised_within_it_with_a_sentence_saying_so()
    {
        // Colour noise barely compresses: 1024x768 of it is a raw PNG of about 3 MB, which clients reject.
        var random = new Random(7);
        var pixels = new byte[1024 * 768 * Frame.BytesPerPixel];
        random.NextBytes(pixels);
        var frame = new Frame(1024, 768, pixels);
        var (mcp, _) = await StartShowingAsync(frame);
        await using var running = mcp;

        var result = await mcp.Client.CallToolAsync("get_screenshot", new Dictionary<string, object?> { ["serverId"] = "srv", ["raw"] = true }, cancellationToken: Ct);

        Assert.NotEqual(true, result.IsError);
        var image = Assert.IsType<ImageContentBlock>(result.Content[0]);
        Assert.InRange(image.DecodedData.Length, 1, McpImageLimit.MaxPngBytes);
        Assert.Equal(2, result.Content.Count);
        var note = Assert.IsType<TextContentBlock>(result.Content[1]).Text;
        Assert.Contains("raw screen (1024x768)", note, StringComparison.Ordinal);
        Assert.Contains("over the 1,000,000 bytes MCP clients accept", note, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', note);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("soon")]
    [InlineData("99999")]
    public async Task An_unusable_call_timeout_is_named_by_every_call_instead_of_being_ignored(string value)
    {
        var configuration = ToolConfiguration.Resolve(
            new Dictionary<ToolSetting, string?> { [ToolSettings.CallTimeout] = value },
            new Dictionary<string, string?>());
        await using var mcp = await InMemoryMcpServer.StartAsync(configuration: configuration);

        var result = await mcp.Client.CallToolAsync("list_servers", cancellationToken: Ct);

        Assert.True(result.IsError);
        Assert.StartsWith("OVH_IKVM_CALL_TIMEOUT (--call-timeout) must be a whole number of seconds from 5 to 3600", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(null, false)]
    public async Task GetScreenshot_passes_raw_to_the_pipeline_defaulting_to_false(bool? raw, bool expected)
    {
        var screenshots = Substitute.For<IScreenshotService>();
        var png = new RenderedImage(PngReaderFixtures.OnePixelPng, 1, 1);
        screenshots.CaptureAsync("srv", Arg.Any<bool>(), Arg.Any<IProgress<ConsoleProgress>?>(), Arg.Any<CancellationToken>())
            .Returns(new Screenshot("srv", png, 1, 1, DateTimeOffset.UnixEpoch));
        await using var mcp = await InMemoryMcpServer.StartAsync(s => s.AddSingleton(screenshots));
        var arguments = new Dictionary<string, object?> { ["serverId"] = "srv" };
        if (raw is { } value)
        {
            arguments["raw"] = value;
        }

        await mcp.Client.CallToolAsync("get_screenshot", arguments, cancellationToken: Ct);

        await screenshots.Received(1).CaptureAsync("srv", expected, Arg.Any<IProgress<ConsoleProgress>?>(), Arg.Any<CancellationToken>());
        await screenshots.DidNotReceive().CaptureAsync("srv", !expected, Arg.Any<IProgress<ConsoleProgress>?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task An_expected_failure_becomes_an_error_result_with_its_sentence_only()
    {
        const string Sentence = "OVH refused IPMI access for ns1.ip-1-2-3.eu: the task ended in customerError (KVM already in use).";
        var screenshots = Substitute.For<IScreenshotService>();
        screenshots.CaptureAsync(default!, default, default, Ct).ThrowsAsyncForAnyArgs(new ConsoleException(Sentence));
        await using var mcp = await InMemoryMcpServer.StartAsync(s => s.AddSingleton(screenshots));

        var result = await mcp.Client.CallToolAsync("get_screenshot", new Dictionary<string, object?> { ["serverId"] = "ns1.ip-1-2-3.eu" }, cancellationToken: Ct);

        Assert.True(result.IsError);
        Assert.Equal(Sentence, Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Fact]
    public async Task An_unexpected_failure_is_reported_without_its_message_or_stack_trace_and_logged()
    {
        var screenshots = Substitute.For<IScreenshotService>();
        screenshots.CaptureAsync(default!, default, default, Ct)
            .ThrowsAsyncForAnyArgs(new InvalidOperationException("internal detail cookie=QSESSIONID-123"));
        await using var mcp = await InMemoryMcpServer.StartAsync(s => s.AddSingleton(screenshots));

        var result = await mcp.Client.CallToolAsync("get_screenshot", new Dictionary<string, object?> { ["serverId"] = "srv" }, cancellationToken: Ct);

        Assert.True(result.IsError);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.DoesNotContain("QSESSIONID", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.Contains("get_screenshot", text, StringComparison.Ordinal);
        Assert.Contains(mcp.Logs.Lines, l => l.Contains(nameof(InvalidOperationException), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"serverId":"srv","rwa":true}""", "Unknown argument(s) 'rwa'")]
    [InlineData("""{"raw":true}""", "Missing required argument 'serverId'")]
    [InlineData("""{"serverId":"srv","raw":"yes"}""", "Argument 'raw' of tool 'get_screenshot' must be a boolean")]
    [InlineData("""{"serverId":42}""", "Argument 'serverId' of tool 'get_screenshot' must be a string")]
    public async Task Arguments_that_do_not_fit_the_schema_are_rejected_as_invalid_params(string argumentsJson, string expected)
    {
        var screenshots = Substitute.For<IScreenshotService>();
        await using var mcp = await InMemoryMcpServer.StartAsync(s => s.AddSingleton(screenshots));
        var arguments = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(argumentsJson)!;

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => mcp.Client.CallToolAsync(
            new CallToolRequestParams { Name = "get_screenshot", Arguments = arguments }, Ct).AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        await screenshots.DidNotReceiveWithAnyArgs().CaptureAsync(default!, default, default, Ct);
    }

    [Fact]
    public async Task Arguments_to_a_tool_that_takes_none_are_rejected()
    {
        await using var mcp = await InMemoryMcpServer.StartAsync();

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => mcp.Client.CallToolAsync(
            "list_servers", new Dictionary<string, object?> { ["filter"] = "x" }, cancellationToken: Ct).AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains("takes no arguments", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_from_the_pipeline_reaches_the_client_as_notifications()
    {
        var screenshots = Substitute.For<IScreenshotService>();
        screenshots.CaptureAsync("srv", false, Arg.Any<IProgress<ConsoleProgress>?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                var progress = call.ArgAt<IProgress<ConsoleProgress>?>(2)!;
                progress.Report(new ConsoleProgress("requesting OVH console access", TimeSpan.FromSeconds(1)));
                progress.Report(new ConsoleProgress("waiting for OVH task 42: doing", TimeSpan.FromSeconds(4)));
                return new Screenshot("srv", new RenderedImage(PngReaderFixtures.OnePixelPng, 1, 1), 1, 1, DateTimeOffset.UnixEpoch);
            });
        await using var mcp = await InMemoryMcpServer.StartAsync(s => s.AddSingleton(screenshots));
        var received = new List<string>();
        var both = new TaskCompletionSource();
        await using var handler = mcp.Client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            var value = notification.Params!.Deserialize<ProgressNotificationParams>(McpJsonUtilities.DefaultOptions)!;
            lock (received)
            {
                received.Add(value.Progress.Message!);
                if (received.Count == 2)
                {
                    both.TrySetResult();
                }
            }

            return ValueTask.CompletedTask;
        });

        await mcp.Client.CallToolAsync(
            "get_screenshot",
            new Dictionary<string, object?> { ["serverId"] = "srv" },
            options: new RequestOptions { ProgressToken = new ProgressToken("shot-1") },
            cancellationToken: Ct);
        await both.Task.WaitAsync(TestTimeouts.Network, Ct);

        Assert.Contains(received, m => m.StartsWith("waiting for OVH task 42: doing (4s", StringComparison.Ordinal));
    }

    /// <summary>The tool in front of one console, "srv", whose KVM session captures <paramref name="frame"/>.</summary>
    private static async Task<(InMemoryMcpServer Mcp, IKvmSession Session)> StartShowingAsync(Frame frame)
    {
        var directory = Substitute.For<IConsoleDirectory>();
        var endpoint = new VncEndpoint(new Uri("vnc://127.0.0.1:5999"));
        directory.OpenConsoleAsync("srv", Arg.Any<IProgress<ConsoleProgress>?>(), Arg.Any<CancellationToken>()).Returns(endpoint);
        var session = Substitute.For<IKvmSession>();
        session.CaptureFrameAsync(Arg.Any<CancellationToken>()).Returns(frame);
        var sessions = Substitute.For<IKvmSessionFactory>();
        sessions.OpenAsync(endpoint, Arg.Any<IProgress<ConsoleProgress>?>(), Arg.Any<CancellationToken>()).Returns(session);
        return (await InMemoryMcpServer.StartAsync(s => s.AddSingleton(directory).AddSingleton(sessions)), session);
    }
}
