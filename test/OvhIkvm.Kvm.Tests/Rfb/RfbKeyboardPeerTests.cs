using System.Diagnostics;
using OvhIkvm.Consoles;
using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Text;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Kvm.Tests.Rfb.Peers;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Rfb;

/// <summary>Keys sent by our client reach real programs: a shell in an xterm on TigerVNC's Xvnc, and SeaBIOS in QEMU.</summary>
[Trait("Category", ExternalProgram.Category)]
public sealed class RfbKeyboardPeerTests
{
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Xvnc_a_shell_in_an_xterm_runs_the_typed_command()
    {
        var cancellationToken = TestTimeouts.Within(PeerTimeout);
        await using var xvnc = await XvncPeer.StartAsync(24, cancellationToken);
        var target = Path.Combine(xvnc.ScratchDirectory, $"typed-{Guid.NewGuid():N}");
        await xvnc.StartXtermAsync("exec /bin/sh -i", cancellationToken);

        await using (var session = await OpenAsync(xvnc.TcpAddress, new Secret(XvncPeer.Password), cancellationToken))
        {
            await ((IKvmKeyboard)session).SendKeysAsync(KeySequenceParser.ParseText($"echo typed-by-mcp > {target}\n"), cancellationToken);
        }

        Assert.Equal("typed-by-mcp\n", await XvncPeer.WaitForFileAsync(target, cancellationToken));
    }

    /// <summary>
    /// Through websockify, as noVNC reaches a VNC server: the command typed runs, and closing the session that typed
    /// (close frame, then reading until the server's close) ends when websockify closes, not at the drain's 2 s bound.
    /// The close waits for the command: websockify 0.10 drops the client frames it has not yet forwarded when a close
    /// frame arrives (websocketproxy.py, do_proxy), so a close right after the keys can cost them there, drain or not.
    /// </summary>
    [Fact]
    public async Task Xvnc_behind_websockify_runs_the_typed_command_and_answers_our_close_at_once()
    {
        var cancellationToken = TestTimeouts.Within(PeerTimeout);
        await using var xvnc = await XvncPeer.StartAsync(24, cancellationToken);
        await using var websockify = await WebsockifyPeer.StartAsync(xvnc.Port, cancellationToken);
        var target = Path.Combine(xvnc.ScratchDirectory, $"typed-{Guid.NewGuid():N}");
        await xvnc.StartXtermAsync("exec /bin/sh -i", cancellationToken);

        var session = await OpenAsync(websockify.Address, new Secret(XvncPeer.Password), cancellationToken);
        await ((IKvmKeyboard)session).SendKeysAsync(KeySequenceParser.ParseText($"echo typed-through-websockify > {target}\n"), cancellationToken);
        Assert.Equal("typed-through-websockify\n", await XvncPeer.WaitForFileAsync(target, cancellationToken));
        var clock = Stopwatch.StartNew();
        await session.DisposeAsync();
        var closing = clock.Elapsed;

        Assert.True(closing < TimeSpan.FromSeconds(1), $"Closing took {closing.TotalSeconds:0.00} s: the drain waited for its bound, not for websockify's close.");
    }

    /// <summary>
    /// The X server's layout is French and, with -RawKeyboard, Xvnc presses the scan codes of QEMU Extended Key Events
    /// as they come (by default it prefers their keysyms): the keys go as AZERTY positions, acknowledged after the first
    /// screen, and X's own fr layout makes the characters (a on the US Q key, @ with AltGr+0).
    /// </summary>
    [Fact]
    public async Task Xvnc_with_a_french_layout_runs_a_command_typed_for_azerty()
    {
        var cancellationToken = TestTimeouts.Within(PeerTimeout);
        await using var xvnc = await XvncPeer.StartAsync(24, cancellationToken, "-RawKeyboard");
        await PeerProcess.RunAsync(ExternalProgram.Require("setxkbmap"), ["-display", xvnc.Display, "fr"], cancellationToken);
        var target = Path.Combine(xvnc.ScratchDirectory, $"typed-{Guid.NewGuid():N}");
        await xvnc.StartXtermAsync("exec /bin/sh -i", cancellationToken);

        await using (var session = await OpenAsync(xvnc.TcpAddress, new Secret(XvncPeer.Password), cancellationToken))
        {
            await session.CaptureFrameAsync(cancellationToken);
            await ((IKvmKeyboard)session).SendKeysAsync(KeySequenceParser.ParseText($"echo 'azAZ@#{{}}[]|~^<>' > {target}\n", KeyboardLayouts.Fr), cancellationToken);
        }

        Assert.Equal("azAZ@#{}[]|~^<>\n", await XvncPeer.WaitForFileAsync(target, cancellationToken));
    }

    [Fact]
    public async Task Xvnc_ctrl_c_interrupts_a_running_sleep()
    {
        var cancellationToken = TestTimeouts.Within(PeerTimeout);
        await using var xvnc = await XvncPeer.StartAsync(24, cancellationToken);
        var marker = Path.Combine(xvnc.ScratchDirectory, $"after-sleep-{Guid.NewGuid():N}");

        // The trap keeps the shell alive through SIGINT, so it goes on to write the marker once the sleep has died.
        await xvnc.StartXtermAsync($"trap 'echo interrupted' INT; sleep 1000; echo after-sleep > '{marker}'; sleep 1000", cancellationToken);

        await using (var session = await OpenAsync(xvnc.TcpAddress, new Secret(XvncPeer.Password), cancellationToken))
        {
            await ((IKvmKeyboard)session).SendKeysAsync(KeySequenceParser.ParseKeys("Ctrl+C"), cancellationToken);
        }

        Assert.Equal("after-sleep\n", await XvncPeer.WaitForFileAsync(marker, cancellationToken));
    }

    [Fact]
    public async Task Qemu_esc_at_seabios_opens_the_boot_menu()
    {
        var cancellationToken = TestTimeouts.Within(PeerTimeout);
        await using var qemu = await QemuPeer.StartAsync(cancellationToken, kernel: null, "-boot", "menu=on,splash-time=60000");
        await using var session = await OpenAsync(qemu.Machine.TcpAddress, null, cancellationToken);

        var prompt = await WaitForTextAsync(session, "Press ESC", cancellationToken);
        await ((IKvmKeyboard)session).SendKeysAsync(KeySequenceParser.ParseKeys("Esc"), cancellationToken);
        var menu = await WaitForTextAsync(session, "Select boot device", cancellationToken);

        Assert.DoesNotContain("Select boot device", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Booting from", menu, StringComparison.Ordinal);
    }

    /// <summary>Follows the screen, reading each new one with our recogniser, until it shows <paramref name="expected"/>.</summary>
    private static async Task<string> WaitForTextAsync(IKvmSession session, string expected, CancellationToken cancellationToken)
    {
        var recogniser = new ConsoleTextRecognizer();
        Frame? read = null;
        var text = string.Empty;
        while (!text.Contains(expected, StringComparison.Ordinal))
        {
            var frame = await session.NextFrameAsync(TimeSpan.FromSeconds(1), cancellationToken);
            if (read is not null && frame.ContentEquals(read))
            {
                continue;
            }

            read = frame;
            var recognised = recogniser.Recognize(frame);
            text = recognised?.Text ?? string.Empty;
            TestContext.Current.TestOutputHelper?.WriteLine($"{recognised?.Summary ?? "no text recognised"}\n{text}");
        }

        return text;
    }

    private static Task<IKvmSession> OpenAsync(Uri address, Secret? password, CancellationToken cancellationToken)
    {
        var connector = new RfbSessionConnector(new RfbOptions(), new TestOutputLogger<RfbSession>(), TimeProvider.System, new DecodeMemoryBudget(TimeProvider.System));
        return connector.OpenAsync(new VncEndpoint(address, password), null, cancellationToken);
    }
}
