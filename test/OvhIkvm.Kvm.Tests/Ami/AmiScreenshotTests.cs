using System.Diagnostics;
using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Png;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Simulators.Aspeed;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>
/// The whole product path with the real decoder: OVH-style viewer URL, web session, IVTP, the real ASPEED capture,
/// a PNG; the PNG is read back by Pillow (an independent peer) and compared with the fixture's oracle picture.
/// </summary>
public sealed class AmiScreenshotTests
{
    [Theory]
    [Trait("Category", ExternalProgram.Category)]
    [InlineData("binary", 0)]
    [InlineData("base64", 1500)]
    public async Task Viewer_url_to_png_matches_the_oracle_picture(string subprotocol, int messageSize)
    {
        var python = ExternalProgram.RequirePythonModule("PIL");
        await using var bmc = await AmiTestHost.StartAsync(new BmcSimulatorOptions { Subprotocol = subprotocol, MessageSize = messageSize, FragmentSize = 5000 });
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);

        var frame = await AmiTestHost.CaptureViaViewerAsync(bmc, new AspeedVideoFrameDecoderFactory(FrameLimits.Default, new DecodeMemoryBudget(TimeProvider.System)), cancellation);

        var png = Path.Combine(Path.GetTempPath(), $"ami-{Guid.NewGuid():N}.png");
        try
        {
            await File.WriteAllBytesAsync(png, PngEncoder.Encode(frame), cancellation);
            var ours = await RgbViaPillowAsync(python, png, cancellation);
            var oracle = await RgbViaPillowAsync(python, TestFixtures.PathOf("ami", "aten-ast2100-frame4.approx.png"), cancellation);

            var psnr = ImageComparison.Psnr(oracle, ours, stride: 3, channels: 3);
            Assert.True(psnr >= 40, $"PSNR {psnr:0.0} dB");
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_partial_first_frame_is_completed_by_asking_again_for_a_full_screen(bool mode420)
    {
        // First answer: an incremental frame that paints only a changed square; the screen is incomplete, so the
        // client must ask again and take the full frame that follows.
        var options = new AspeedEncoderOptions(Mode420: mode420, TableSelector: 11, AdvanceTableSelector: 11, UseVq: !mode420);
        // 4:2:0 halves the chroma resolution, so it gets the smooth picture; 4:4:4 gets the VQ-friendly text console.
        var before = mode420 ? SyntheticScreens.Picture(800, 600) : SyntheticScreens.Console(800, 600, seed: 3);
        var screen = SyntheticScreens.WithBlock(before, 200, 100, 48, SyntheticScreens.ConsoleColours[2]);
        var partial = new BmcScreen(800, 600, mode420, 11, AspeedEncoder.EncodeChanges(before, screen, options)) { AdvanceTableSelector = 11 };
        var full = new BmcScreen(800, 600, mode420, 11, AspeedEncoder.Encode(screen, options)) { AdvanceTableSelector = 11 };
        await using var bmc = await AmiTestHost.StartAsync(new BmcSimulatorOptions { FragmentSize = 3000, MessageSize = 1024 }, new BmcScreenSequence(partial, full));
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);

        var frame = await AmiTestHost.CaptureViaViewerAsync(bmc, new AspeedVideoFrameDecoderFactory(FrameLimits.Default, new DecodeMemoryBudget(TimeProvider.System)), cancellation);

        Assert.True(bmc.ClientPackets.Count(p => p.Command == 0x0b) >= 2, "the client asked again");
        var psnr = ImageComparison.Psnr(screen, frame);
        Assert.True(psnr >= 35, $"PSNR {psnr:0.0} dB");
    }

    private static async Task<byte[]> RgbViaPillowAsync(string python, string path, CancellationToken cancellation)
    {
        using var process = Process.Start(new ProcessStartInfo(python, ["-c", "import sys; from PIL import Image; sys.stdout.buffer.write(Image.open(sys.argv[1]).convert('RGB').tobytes())", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var output = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(output, cancellation);
        await process.WaitForExitAsync(cancellation);
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(1024 * 768 * 3, output.Length);
        return output.ToArray();
    }
}
