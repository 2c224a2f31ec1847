using OvhIkvm.Imaging;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Tests.Rfb.Peers;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Rfb;

/// <summary>
/// Our client against real VNC servers, one encoding at a time, compared pixel for pixel with each server's own
/// view of its screen (xwd for Xvnc, screendump for QEMU).
/// </summary>
[Trait("Category", ExternalProgram.Category)]
public sealed class RfbPeerTests
{
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(90);

    public static TheoryData<RfbEncoding> LosslessEncodings =>
        [RfbEncoding.Raw, RfbEncoding.Hextile, RfbEncoding.Zrle, RfbEncoding.Tight];

    [Theory]
    [MemberData(nameof(LosslessEncodings))]
    public async Task Xvnc_OverTcpWithVncAuth_MatchesXwd(RfbEncoding encoding)
    {
        var cancellationToken = TestTimeouts.Within(PeerTimeout);
        await using var xvnc = await XvncPeer.StartAsync(24, cancellationToken);

        var (frame, oracle) = await CaptureXvncAsync(xvnc, xvnc.TcpAddress, PeerCapture.OptionsFor(encoding), cancellationToken);

        ImageComparison.AssertIdentical(oracle, frame);
    }

    [Theory]
    [InlineData(RfbEncoding.Raw)]
    [InlineData(RfbEncoding.CopyRect)]
    [InlineData(RfbEncoding.Zrle)]
    public async Task Xvnc_ThroughWebsockify_MatchesXwd(RfbEncoding encoding)
    {
        var cancellationToken = TestTimeouts.Within(PeerTimeout);
        await using var xvnc = await XvncPeer.StartAsync(24, cancellationToken);
        await using var websockify = await WebsockifyPeer.StartAsync(xvnc.Port, cancellationToken);

        // CopyRect alone still gets Raw: every server falls back to Raw, which the client always understands.
        var (frame, oracle) = await CaptureXvncAsync(xvnc, websockify.Address, PeerCapture.OptionsFor(encoding), cancellationToken);

        ImageComparison.AssertIdentical(oracle, frame);
    }

    [Fact]
    public async Task Xvnc_ThroughWebsockifyOverTlsWithAPinnedSelfSignedCertificate_MatchesXwd()
    {
        var cancellationToken = TestTimeouts.Within(PeerTimeout);
        using var certificate = SelfSignedCertificates.ForIp("127.0.0.1");
        await using var xvnc = await XvncPeer.StartAsync(24, cancellationToken);
        await using var websockify = await WebsockifyPeer.StartAsync(xvnc.Port, certificate, cancellationToken);

        var (frame, oracle) = await CaptureXvncAsync(
            xvnc, websockify.Address, PeerCapture.OptionsFor(RfbEncoding.Zrle), cancellationToken, CertificateFingerprint.Of(certificate));

        Assert.Equal("wss", websockify.Address.Scheme);
        ImageComparison.AssertIdentical(oracle, frame);
    }

    [Fact]
    public async Task Websockify_OverTlsWithAnotherCertificateThanThePinnedOne_IsRefusedNamingBothFingerprints()
    {
        var cancellationToken = TestTimeouts.Within(PeerTimeout);
        using var certificate = SelfSignedCertificates.ForIp("127.0.0.1");
        using var expected = SelfSignedCertificates.ForIp("127.0.0.1");
        await using var xvnc = await XvncPeer.StartAsync(24, cancellationToken);
        await using var websockify = await WebsockifyPeer.StartAsync(xvnc.Port, certificate, cancellationToken);

        var error = await Assert.ThrowsAsync<RfbProtocolException>(() => PeerCapture.CaptureAsync(
            websockify.Address, new Secret(XvncPeer.Password), PeerCapture.OptionsFor(RfbEncoding.Raw), cancellationToken, pin: CertificateFingerprint.Of(expected)));

        Assert.Contains(
            $"its certificate's SHA-256 fingerprint is {CertificateFingerprint.Of(certificate)}, not the pinned {CertificateFingerprint.Of(expected)}",
            error.Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16, RfbEncoding.Raw)]
    [InlineData(16, RfbEncoding.Hextile)]
    [InlineData(16, RfbEncoding.Zrle)]
    [InlineData(16, RfbEncoding.Tight)]
    public async Task Xvnc_InItsOwnShallowPixelFormat_MatchesXwd(int depth, RfbEncoding encoding)
    {
        var cancellationToken = TestTimeouts.Within(PeerTimeout);
        await using var xvnc = await XvncPeer.StartAsync(depth, cancellationToken);

        var options = PeerCapture.OptionsFor(encoding, keepServerFormat: true);
        var (frame, oracle) = await CaptureXvncAsync(xvnc, xvnc.TcpAddress, options, cancellationToken);

        ImageComparison.AssertIdentical(oracle, frame);
    }

    [Fact]
    public async Task Xvnc_WrongPassword_FailsWithTheServersReason()
    {
        var cancellationToken = TestTimeouts.Within(PeerTimeout);
        await using var xvnc = await XvncPeer.StartAsync(24, cancellationToken);

        var error = await Assert.ThrowsAsync<RfbProtocolException>(
            () => PeerCapture.CaptureAsync(xvnc.TcpAddress, new Secret("wrongpw"), new RfbOptions(), cancellationToken));

        Assert.Contains("rejected the authentication", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrongpw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xvnc_TightJpeg_IsCloseToXwd()
    {
        var cancellationToken = TestTimeouts.Within(PeerTimeout);
        await using var xvnc = await XvncPeer.StartAsync(24, cancellationToken);
        await xvnc.ShowGradientAsync(cancellationToken);

        var (frame, oracle) = await CaptureXvncAsync(xvnc, xvnc.TcpAddress, PeerCapture.OptionsFor(RfbEncoding.Tight, jpegQuality: 8), cancellationToken);

        // Not identical proves the JPEG path ran (every other Tight mode is lossless); the PSNR bounds its quality.
        var psnr = ImageComparison.Psnr(oracle, frame);
        TestContext.Current.SendDiagnosticMessage($"Tight JPEG quality 8 against Xvnc (gradient + xlogo): PSNR {psnr:0.0} dB");
        Assert.False(double.IsPositiveInfinity(psnr), "The frame is identical to xwd: the server sent no JPEG rectangle.");
        Assert.True(psnr > 35, $"PSNR {psnr:0.0} dB");
    }

    [Fact]
    public async Task Xvnc_VncSnapshot_AgreesWithOurCapture()
    {
        var cancellationToken = TestTimeouts.Within(PeerTimeout);
        var vncsnapshot = ExternalProgram.Require("vncsnapshot");
        ExternalProgram.Require("/usr/bin/python3");
        await using var xvnc = await XvncPeer.StartAsync(24, cancellationToken);

        var jpeg = Path.Combine(Path.GetTempPath(), $"vncsnapshot-{Guid.NewGuid():N}.jpg");
        try
        {
            // Ours before and after theirs: equal captures mean the screen (xlogo mapping) was stable in between.
            Frame ours, theirs;
            var attempts = 0;
            do
            {
                ours = await PeerCapture.CaptureAsync(xvnc.TcpAddress, new Secret(XvncPeer.Password), PeerCapture.OptionsFor(RfbEncoding.Zrle), cancellationToken);

                // vncsnapshot's default (raw) waits forever after TigerVNC's zero-size layout rectangle; hextile does not.
                await PeerProcess.RunAsync(vncsnapshot, ["-quiet", "-passwd", xvnc.PasswordFile, "-encodings", "hextile raw", "-quality", "100", $"127.0.0.1::{xvnc.Port}", jpeg], cancellationToken);
                var ppm = await PeerProcess.RunAsync(
                    "/usr/bin/python3",
                    ["-c", "import sys, io; from PIL import Image; b = io.BytesIO(); Image.open(sys.argv[1]).convert('RGB').save(b, 'PPM'); sys.stdout.buffer.write(b.getvalue())", jpeg],
                    cancellationToken);
                theirs = PpmImage.Parse(ppm);
            }
            while (++attempts < 6 && !ours.ContentEquals(await PeerCapture.CaptureAsync(xvnc.TcpAddress, new Secret(XvncPeer.Password), PeerCapture.OptionsFor(RfbEncoding.Zrle), cancellationToken)));

            var psnr = ImageComparison.Psnr(BlockMeans(theirs), BlockMeans(ours));
            TestContext.Current.SendDiagnosticMessage($"vncsnapshot (JPEG q100) against our ZRLE capture, 8x8 block means: PSNR {psnr:0.0} dB");
            Assert.True(psnr > 35, $"PSNR {psnr:0.0} dB");
        }
        finally
        {
            File.Delete(jpeg);
        }
    }

    [Theory]
    [InlineData(RfbEncoding.Raw, false)]
    [InlineData(RfbEncoding.Hextile, false)]
    [InlineData(RfbEncoding.Zrle, false)]
    [InlineData(RfbEncoding.Tight, false)]
    [InlineData(RfbEncoding.Raw, true)]
    [InlineData(RfbEncoding.Hextile, true)]
    [InlineData(RfbEncoding.Zrle, true)]
    [InlineData(RfbEncoding.Tight, true)]
    public async Task Qemu_SeaBiosScreen_MatchesScreendump(RfbEncoding encoding, bool overWebSocket)
    {
        var cancellationToken = TestTimeouts.Within(PeerTimeout);
        await using var qemu = await QemuPeer.StartAsync(cancellationToken);
        var address = overWebSocket ? qemu.Machine.WebSocketAddress : qemu.Machine.TcpAddress;

        var (frame, oracle) = await PeerCapture.CaptureStableAsync(
            ct => PeerCapture.CaptureAsync(address, null, PeerCapture.OptionsFor(encoding), ct),
            qemu.ScreenAsync,
            (expected, actual) => expected.ContentEquals(actual) && !IsUniform(expected),
            cancellationToken);

        Assert.False(IsUniform(oracle), "QEMU's screen is still blank: SeaBIOS did not draw anything.");
        ImageComparison.AssertIdentical(oracle, frame);
    }

    private static Task<(Frame Frame, Frame Oracle)> CaptureXvncAsync(
        XvncPeer xvnc, Uri address, RfbOptions options, CancellationToken cancellationToken, CertificateFingerprint? pin = null) =>
        PeerCapture.CaptureStableAsync(
            ct => PeerCapture.CaptureAsync(address, new Secret(XvncPeer.Password), options, ct, pin: pin),
            xvnc.ScreenAsync,
            options.JpegQuality is null ? (expected, actual) => expected.ContentEquals(actual) : (expected, actual) => ImageComparison.Psnr(expected, actual) > 30,
            cancellationToken);

    private static Frame BlockMeans(Frame frame)
    {
        const int Block = 8;
        var width = frame.Width / Block;
        var height = frame.Height / Block;
        var pixels = new byte[width * height * 4];
        for (var by = 0; by < height; by++)
        {
            for (var bx = 0; bx < width; bx++)
            {
                for (var c = 0; c < 4; c++)
                {
                    var sum = 0;
                    for (var y = 0; y < Block; y++)
                    {
                        for (var x = 0; x < Block; x++)
                        {
                            sum += frame.Pixels[((((by * Block) + y) * frame.Width) + (bx * Block) + x) * 4 + c];
                        }
                    }

                    pixels[(((by * width) + bx) * 4) + c] = (byte)(sum / (Block * Block));
                }
            }
        }

        return new Frame(width, height, pixels);
    }

    private static bool IsUniform(Frame frame)
    {
        var pixels = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(frame.Pixels.AsSpan());
        return !pixels.ContainsAnyExcept(pixels[0]);
    }
}
