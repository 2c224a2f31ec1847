using OvhIkvm.Imaging.Text;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Tests.Rfb.Peers;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Text;

/// <summary>
/// Console-text accuracy on a real peer: QEMU boots the Debian kernel to a panic, our RFB client captures the
/// screen, and the recognised rows are compared with the serial log, which holds the very lines the kernel wrote
/// to the screen. Goal (issue 14): every character of those lines.
/// </summary>
[Trait("Category", ExternalProgram.Category)]
public sealed class KernelConsoleTextTests
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(4);

    // QEMU's VNC server sends the surface of its last display refresh, which can trail the serial port by a
    // refresh: a screen without the panic's last line yet is captured again, a bounded number of times.
    private const int CaptureAttempts = 5;

    public static TheoryData<string, string, TextGrid, string> Consoles => new()
    {
        // vgacon: VGA text mode 80x25, 720x400 with 9-dot cells, the VGA BIOS font.
        { "VGA text mode", string.Empty, new TextGrid(9, 16, 0, 0, 80, 25), "tcp" },
        // vesafb + fbcon at 1024x768 with the kernel's built-in 8x16 font (VGA8x16).
        { "vesafb 1024x768, fbcon 8x16", "vga=0x317", new TextGrid(8, 16, 0, 0, 128, 48), "websocket" },
        // 800x600 leaves 600 - 37 x 16 = 8 rows of pixels under the grid.
        { "vesafb 800x600, fbcon 8x16", "vga=0x314", new TextGrid(8, 16, 0, 0, 100, 37), "tcp" },
        // The kernel's built-in 8x8 font (VGA8x8) at 1024x768: 96 rows.
        { "vesafb 1024x768, fbcon 8x8", "vga=0x317 fbcon=font:VGA8x8", new TextGrid(8, 8, 0, 0, 128, 96), "tcp" },
    };

    [Theory]
    [MemberData(nameof(Consoles))]
    public async Task Reads_every_character_the_kernel_wrote_to_the_screen(string console, string kernelArguments, TextGrid grid, string transport)
    {
        var cancellationToken = TestTimeouts.Within(BootTimeout);
        await using var qemu = await KernelPanicPeer.BootAsync(kernelArguments, cancellationToken);
        var log = await qemu.WaitForPanicAsync(cancellationToken);
        var address = transport == "websocket" ? qemu.Machine.WebSocketAddress : qemu.Machine.TcpAddress;
        var recogniser = new ConsoleTextRecognizer();

        ConsoleText? text = null;
        for (var attempt = 0; attempt < CaptureAttempts && !ShowsThePanicEnd(text); attempt++)
        {
            var frame = await PeerCapture.CaptureAsync(address, null, new RfbOptions(), cancellationToken);
            text = recogniser.Recognize(frame);
        }

        Assert.NotNull(text);
        Assert.Equal(grid, text.Grid);
        var expected = KernelConsoleScreen.LastRows(log, grid.Columns, grid.Rows);

        // The last row of the log is the cursor's, after the final newline. The screen scrolls only once it is full
        // (fbcon with 8x8 cells at 1024x768 is not), so the log's last line is matched to the last row with text
        // and the rows above are compared upwards, as far as the log determines them.
        var last = LastRowWithText(text.Rows);
        var compared = Math.Min(expected.Count - 1, last + 1);
        string[] want = [.. expected.Skip(expected.Count - 1 - compared).Take(compared)];
        string[] got = [.. text.Rows.Skip(last + 1 - compared).Take(compared)];
        var agreement = TextAgreement.Of(want, got);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{console}: {agreement.Agreeing}/{agreement.Compared} characters ({agreement.Share:P2}) on {compared} rows; {text.Summary}");
        Assert.True(compared >= 20, $"{console}: the log determines only {compared} rows of the screen.");
        Assert.True(
            agreement.Share == 1,
            $"{console}: {agreement.Agreeing}/{agreement.Compared} characters; {text.Summary}\n{TextAgreement.Differences(want, got)}");
    }

    // The cursor's own row holds at most the cursor, which is no character.
    private static int LastRowWithText(IReadOnlyList<string> rows)
    {
        var last = rows.Count - 1;
        while (last > 0 && rows[last].Trim(' ', '_', ConsoleText.ReplacementCharacter).Length == 0)
        {
            last--;
        }

        return last;
    }

    private static bool ShowsThePanicEnd(ConsoleText? text) =>
        text is not null && text.Rows.Any(row => row.Contains("---[ end Kernel panic", StringComparison.Ordinal));
}
