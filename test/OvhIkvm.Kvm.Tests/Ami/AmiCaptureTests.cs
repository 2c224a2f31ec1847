using OvhIkvm.Consoles;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>The whole AMI path against the simulated BMC: viewer URL or login, web session, KVM token, IVTP, reassembly.</summary>
public sealed class AmiCaptureTests
{
    private static readonly byte[] AtenBitstream = TestFixtures.Read("ami", "aten-ast2100-frame4.bin")[4..];

    [Theory]
    [InlineData("binary", 0, 16384)]
    [InlineData("binary", 1000, 4096)]
    [InlineData("binary", 65536, 1000)]
    [InlineData("binary", 7, 36476)]
    [InlineData("base64", 0, 16384)]
    [InlineData("base64", 333, 5000)]
    public async Task Viewer_url_capture_delivers_the_exact_bitstream_and_header_to_the_decoder(string subprotocol, int messageSize, int fragmentSize)
    {
        await using var bmc = await AmiTestHost.StartAsync(new BmcSimulatorOptions { Subprotocol = subprotocol, MessageSize = messageSize, FragmentSize = fragmentSize });
        var decoder = new RecordingDecoder();
        var factory = AmiTestHost.Factory(decoder);
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);

        var session = await factory.OpenAsync(new ViewerPageEndpoint(new Secret(bmc.ViewerUrlFor().ToString())), null, cancellation);
        await using (session)
        {
            var frame = await session.CaptureFrameAsync(cancellation);
            Assert.Equal((1024, 768), (frame.Width, frame.Height));
        }

        var received = Assert.Single(decoder.Frames);
        Assert.Equal(AtenBitstream.Length, received.Data.Length);
        Assert.True(received.Data.Span.SequenceEqual(AtenBitstream));
        Assert.Equal((1024, 768, true, (byte)5, 36476u), (received.Header.Width, received.Header.Height, received.Header.Mode420, received.Header.TableSelector, received.Header.CompressSize));
    }

    [Fact]
    public async Task Client_speaks_the_documented_handshake_in_order()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        var decoder = new RecordingDecoder();
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);

        await AmiTestHost.CaptureViaViewerAsync(bmc, decoder, cancellation);
        await AmiTestHost.WaitUntilAsync(() => bmc.EndedKvmConnections == bmc.KvmConnections);

        var packets = bmc.ClientPackets;
        Assert.Equal([0x3a, 0x12, 0x06], packets.Take(3).Select(p => (int)p.Command));
        Assert.Equal([1, 1, 0], packets.Take(3).Select(p => (int)p.Status));

        // The three authentication packets travel in one WebSocket message, as AMI's viewer sends them.
        Assert.Single(packets.Take(3).Select(p => p.MessageIndex).Distinct());
        Assert.Equal(373, packets[1].Payload.Length);
        var later = packets.Skip(3).Select(p => (int)p.Command).ToList();
        Assert.Equal(0x22, later[0]);
        Assert.Contains(0x0b, later);
        Assert.True(later.IndexOf(0x06) < later.IndexOf(0x0b), "resume must precede get-full-screen");
        Assert.Equal(0x08, later[^1]);

        var requests = bmc.Requests.Select(r => $"{r.Method} {r.Path} {r.StatusCode}").ToList();
        Assert.Equal(["GET /viewer 200", "GET /viewer.html 200", "GET /api/kvm/token 200"], requests.Take(3));
        var upgrade = bmc.Requests.Single(r => r.Path == "/kvm");
        Assert.Equal($"https://{bmc.BaseUrl.Authority}", upgrade.Origin);
        Assert.Equal("binary, base64", upgrade.Subprotocols);
    }

    [Fact]
    public async Task Partial_frames_are_completed_by_asking_again()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        var decoder = new RecordingDecoder { FramesUntilComplete = 3 };
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);

        await AmiTestHost.CaptureViaViewerAsync(bmc, decoder, cancellation);

        Assert.Equal(3, decoder.Frames.Count);
        Assert.True(bmc.ClientPackets.Count(p => p.Command == 0x0b) >= 3);
    }

    [Fact]
    public async Task Unknown_packets_and_stray_fragments_are_ignored()
    {
        await using var bmc = await AmiTestHost.StartAsync(new BmcSimulatorOptions { MessageSize = 100 });
        bmc.Faults.NoiseBeforeVideo = true;
        var decoder = new RecordingDecoder();

        await AmiTestHost.CaptureViaViewerAsync(bmc, decoder, TestTimeouts.Within(TestTimeouts.Network));

        Assert.True(Assert.Single(decoder.Frames).Data.Span.SequenceEqual(AtenBitstream));
    }

    [Fact]
    public async Task A_firmware_that_wants_the_long_validation_payload_gets_it_on_the_retry()
    {
        await using var bmc = await AmiTestHost.StartAsync(new BmcSimulatorOptions { RequiredValidationLength = 438 });
        var decoder = new RecordingDecoder();

        await AmiTestHost.CaptureViaViewerAsync(bmc, decoder, TestTimeouts.Within(TestTimeouts.Network));

        var validations = bmc.ClientPackets.Where(p => p.Command == 0x12).ToList();
        Assert.Equal([373, 438], validations.Select(p => p.Payload.Length));
        Assert.Equal("127.0.0.1", System.Text.Encoding.ASCII.GetString(validations[1].Payload.Span.Slice(373, 65)).TrimEnd('\0'));
        Assert.Equal(2, bmc.Requests.Count(r => r.Path == "/api/kvm/token"));
        Assert.Single(decoder.Frames);
    }

    [Fact]
    public async Task Direct_login_captures_and_always_logs_out()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        var decoder = new RecordingDecoder();
        var factory = AmiTestHost.Factory(decoder);
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var endpoint = new AmiBmcEndpoint(bmc.BaseUrl, bmc.Options.Username, new Secret(bmc.Options.Password), AllowInsecureHttp: true);

        var session = await factory.OpenAsync(endpoint, null, cancellation);
        await using (session)
        {
            Assert.Equal(1, bmc.OpenWebSessions);
            await session.CaptureFrameAsync(cancellation);
        }

        // The logout runs after the frame is handed over: wait for it (the simulator records a request once answered), bounded.
        await AmiTestHost.WaitUntilAsync(() => bmc.Requests.Any(r => r is { Method: "DELETE", Path: "/api/session", StatusCode: 200 }));
        Assert.Equal(0, bmc.OpenWebSessions);
    }

    [Fact]
    public async Task Direct_login_logs_out_even_when_the_capture_fails()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        bmc.Faults.SessionInUse = true;
        var factory = AmiTestHost.Factory(new RecordingDecoder());
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var endpoint = new AmiBmcEndpoint(bmc.BaseUrl, bmc.Options.Username, new Secret(bmc.Options.Password), AllowInsecureHttp: true);

        var session = await factory.OpenAsync(endpoint, null, cancellation);
        await using (session)
        {
            await Assert.ThrowsAsync<ConsoleException>(() => session.CaptureFrameAsync(cancellation));
        }

        // The logout runs after the frame is handed over: wait for it (the simulator records a request once answered), bounded.
        await AmiTestHost.WaitUntilAsync(() => bmc.Requests.Any(r => r is { Method: "DELETE", Path: "/api/session", StatusCode: 200 }));
        Assert.Equal(0, bmc.OpenWebSessions);
    }

    [Fact]
    public async Task Direct_login_with_a_wrong_password_says_so_and_leaks_nothing()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        var factory = AmiTestHost.Factory(new RecordingDecoder());
        var endpoint = new AmiBmcEndpoint(bmc.BaseUrl, "admin", new Secret("not-the-password"), AllowInsecureHttp: true);

        var error = await Assert.ThrowsAsync<ConsoleException>(() => factory.OpenAsync(endpoint, null, TestTimeouts.Within(TestTimeouts.Network)));

        Assert.Contains("rejected the login", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, bmc.OpenWebSessions);
    }

    [Fact]
    public async Task Direct_login_to_a_full_session_table_says_what_to_do()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        bmc.Faults.WebSessionsFull = true;
        var factory = AmiTestHost.Factory(new RecordingDecoder());
        var endpoint = new AmiBmcEndpoint(bmc.BaseUrl, bmc.Options.Username, new Secret(bmc.Options.Password), AllowInsecureHttp: true);

        var error = await Assert.ThrowsAsync<ConsoleException>(() => factory.OpenAsync(endpoint, null, TestTimeouts.Within(TestTimeouts.Network)));

        Assert.Contains("no free web session", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_url_can_be_reopened_while_its_bmc_session_lives()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        var factory = AmiTestHost.Factory(new RecordingDecoder());
        var endpoint = new ViewerPageEndpoint(new Secret(bmc.ViewerUrlFor().ToString()));
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);

        // This is what makes an OVH grant reusable: the second screenshot needs no new grant.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var session = await factory.OpenAsync(endpoint, null, cancellation);
        }

        Assert.Equal(1, bmc.OpenWebSessions);
    }

    [Fact]
    public async Task A_viewer_url_the_bmc_does_not_know_fails_clearly_without_echoing_the_token()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        var factory = AmiTestHost.Factory(new RecordingDecoder());
        var url = $"{bmc.ViewerPageUrl}?token=never-issued-by-this-bmc";

        var error = await Assert.ThrowsAsync<ConsoleAccessRefusedException>(() => factory.OpenAsync(
            new ViewerPageEndpoint(new Secret(url)), null, TestTimeouts.Within(TestTimeouts.Network)));

        Assert.Contains("refused the console access", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 403", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("never-issued", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_names_each_step_in_order_without_secrets()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        var factory = AmiTestHost.Factory(new RecordingDecoder());
        var progress = new ProgressRecorder();
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var viewerUrl = bmc.ViewerUrlFor();

        var session = await factory.OpenAsync(new ViewerPageEndpoint(new Secret(viewerUrl.ToString())), progress, cancellation);
        await using (session)
        {
            await session.CaptureFrameAsync(cancellation);
        }

        var stages = progress.Stages.Select(s => s.Stage[..s.Stage.IndexOf(" (", StringComparison.Ordinal)]).ToList();
        Assert.Equal(
            ["fetching the viewer page", "activating the BMC viewer session", "requesting a KVM token", "opening the KVM WebSocket", "validating the KVM session"],
            stages);
        Assert.All(progress.Stages, s => Assert.DoesNotContain(viewerUrl.Query.TrimStart('?'), s.Stage, StringComparison.Ordinal));
    }

    private sealed class ProgressRecorder : IProgress<ConsoleProgress>
    {
        public List<ConsoleProgress> Stages { get; } = [];

        public void Report(ConsoleProgress value) => Stages.Add(value);
    }
}
