using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Text;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Tests.Rfb.Peers;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Text;

/// <summary>
/// Real X desktops claim no console text: Xvnc with root patterns and graphical X clients, captured by our RFB
/// client losslessly (ZRLE) and through Tight with JPEG allowed at quality 2 (TigerVNC uses it for the regions with
/// many colours, such as anti-aliased xlogo edges; the rest stays lossless).
/// </summary>
[Trait("Category", ExternalProgram.Category)]
public sealed class XvncDesktopNonTextTests
{
    private static readonly TimeSpan SceneTimeout = TimeSpan.FromSeconds(90);

    // The clients map their windows after they start: the root alone is captured again, a bounded number of times,
    // until the scene differs from it.
    private const int SceneAttempts = 50;

    public static TheoryData<string> Scenes => ["root weave", "solid root, xlogo, xeyes", "plaid root, xclock, oclock", "grey root, ico", "striped root, three xlogos"];

    [Theory]
    [MemberData(nameof(Scenes))]
    public async Task An_X_desktop_is_not_read_as_text(string scene)
    {
        var cancellationToken = TestTimeouts.Within(SceneTimeout);
        await using var desktop = await XvncDesktop.StartAsync(retro: scene == "root weave", cancellationToken);
        var root = await CaptureAsync(desktop, RfbEncoding.Zrle, cancellationToken);
        switch (scene)
        {
            case "solid root, xlogo, xeyes":
                await desktop.RunAsync("xsetroot", ["-solid", "#3a6ea5"], cancellationToken);
                desktop.Start("xlogo", "-geometry", "300x300+100+100", "-render");
                desktop.Start("xeyes", "-geometry", "250x180+600+300");
                break;
            case "plaid root, xclock, oclock":
                await desktop.RunAsync("xsetroot", ["-mod", "16", "16", "-fg", "#204060", "-bg", "#c0c0a0"], cancellationToken);
                desktop.Start("xclock", "-geometry", "300x300+80+120", "-update", "1");
                desktop.Start("oclock", "-geometry", "200x200+650+400");
                break;
            case "grey root, ico":
                await desktop.RunAsync("xsetroot", ["-gray"], cancellationToken);
                desktop.Start("ico", "-geometry", "500x500+250+130", "-faces", "-sleep", "0.1");
                break;
            case "striped root, three xlogos":
                await desktop.RunAsync("xsetroot", ["-mod", "2", "6", "-fg", "black", "-bg", "white"], cancellationToken);
                desktop.Start("xlogo", "-geometry", "120x120+40+40");
                desktop.Start("xlogo", "-geometry", "400x250+300+200", "-fg", "#d04010", "-bg", "#2060c0", "-render");
                desktop.Start("xlogo", "-geometry", "64x64+900+650");
                break;
        }

        var lossless = await CaptureSceneAsync(desktop, root, scene == "root weave", cancellationToken);
        var jpeg = await CaptureAsync(desktop, RfbEncoding.Tight, cancellationToken, jpegQuality: 2);
        var recogniser = new ConsoleTextRecognizer();

        foreach (var (frame, how) in new[] { (lossless, "ZRLE"), (jpeg, "Tight, JPEG quality 2 allowed") })
        {
            Assert.Equal((1024, 768), (frame.Width, frame.Height));
            var text = recogniser.Recognize(frame);
            Assert.True(text is null, $"{scene} ({how}) was read as text: {text?.Summary}\n{text?.Text}");
        }
    }

    private static async Task<Frame> CaptureSceneAsync(XvncDesktop desktop, Frame root, bool rootIsTheScene, CancellationToken cancellationToken)
    {
        var frame = root;
        for (var attempt = 0; attempt < SceneAttempts && !rootIsTheScene && frame.ContentEquals(root); attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            frame = await CaptureAsync(desktop, RfbEncoding.Zrle, cancellationToken);
        }

        Assert.True(rootIsTheScene || !frame.ContentEquals(root), "The X clients never appeared on the screen.");
        return frame;
    }

    private static Task<Frame> CaptureAsync(XvncDesktop desktop, RfbEncoding encoding, CancellationToken cancellationToken, int? jpegQuality = null) =>
        PeerCapture.CaptureAsync(desktop.Address, null, PeerCapture.OptionsFor(encoding, jpegQuality), cancellationToken);
}
