using OvhIkvm.Imaging.Jpeg;
using OvhIkvm.Imaging.Tests.Support;
using OvhIkvm.Testing;

namespace OvhIkvm.Imaging.Tests.Jpeg;

/// <summary>
/// Our decoder against libjpeg-turbo: cjpeg encodes deterministic screens, djpeg's decode is the reference,
/// ours must match it within 45 dB PSNR (in practice it is bit-exact or nearly so).
/// </summary>
[Trait("Category", ExternalProgram.Category)]
public sealed class JpegDecoderReferenceTests
{
    private const double MinimumPsnr = 45;

    public static TheoryData<int, string, int> ColourCases()
    {
        var data = new TheoryData<int, string, int>();
        foreach (var quality in new[] { 10, 25, 50, 75, 90, 100 })
        {
            foreach (var sampling in new[] { "1x1", "2x1", "1x2", "2x2" })
            {
                foreach (var restart in new[] { 0, 3 })
                {
                    data.Add(quality, sampling, restart);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ColourCases))]
    public async Task Colour_images_match_djpeg(int quality, string sampling, int restartRows)
    {
        // 203x117: neither dimension is a multiple of the MCU, so the edge handling is exercised too.
        var source = SyntheticImages.Desktop(203, 117, seed: quality);
        string[] options = ["-quality", $"{quality}", "-sample", $"{sampling},1x1,1x1", .. RestartOption(restartRows)];
        await AssertMatchesReferenceAsync(source, grey: false, options);
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(50, 2)]
    [InlineData(75, 0)]
    [InlineData(100, 1)]
    public async Task Greyscale_images_match_djpeg(int quality, int restartRows)
    {
        var source = SyntheticImages.VgaText(161, 93, seed: quality);
        string[] options = ["-quality", $"{quality}", "-grayscale", .. RestartOption(restartRows)];
        await AssertMatchesReferenceAsync(source, grey: false, options);
    }

    [Fact]
    public async Task Console_text_at_bmc_size_matches_djpeg()
    {
        var source = SyntheticImages.TextConsole(1024, 768, seed: 7, (255, 255, 85), (0, 0, 170));
        await AssertMatchesReferenceAsync(source, grey: false, ["-quality", "75", "-sample", "2x2,1x1,1x1"]);
    }

    [Fact]
    public async Task Restart_interval_in_blocks_matches_djpeg()
    {
        // -restart 5B: an interval that ends in the middle of an MCU row.
        var source = SyntheticImages.Desktop(77, 45, seed: 5);
        await AssertMatchesReferenceAsync(source, grey: false, ["-quality", "80", "-sample", "2x2,1x1,1x1", "-restart", "5B"]);
    }

    [Fact]
    public async Task Huffman_optimised_tables_match_djpeg()
    {
        var source = SyntheticImages.Desktop(64, 33, seed: 6);
        await AssertMatchesReferenceAsync(source, grey: false, ["-quality", "60", "-optimize"]);
    }

    [Fact]
    public async Task Single_pixel_image_matches_djpeg()
    {
        var source = SyntheticImages.Desktop(1, 1, seed: 8);
        await AssertMatchesReferenceAsync(source, grey: false, ["-quality", "90", "-sample", "2x2,1x1,1x1"]);
    }

    [Theory]
    [InlineData("-progressive", "progressive")]
    [InlineData("-arithmetic", "arithmetic-coded")]
    public async Task Unsupported_kinds_are_refused_by_name(string option, string kind)
    {
        var jpeg = await EncodeAsync(SyntheticImages.Desktop(32, 32), grey: false, ["-quality", "75", option]);
        var error = Assert.Throws<ImageDecodeException>(() => JpegDecoder.Decode(jpeg, FrameLimits.Default));
        Assert.Equal($"unsupported JPEG: {kind}", error.Message);
    }

    [Fact]
    public async Task Twelve_bit_images_are_refused_by_name()
    {
        var cjpeg = ExternalProgram.Require("cjpeg");
        var cancellationToken = TestTimeouts.Within(TestTimeouts.Network);
        var help = await ProcessRunner.RunAsync("/bin/sh", ["-c", $"{cjpeg} -precision 12 -quality 75 2>&1 || true"], Netpbm.Write(SyntheticImages.Desktop(16, 16), grey: false), cancellationToken);

        // libjpeg-turbo builds without 12-bit support print an error; then a hand-patched header stands in.
        var jpeg = help.Length > 2 && help[0] == 0xFF && help[1] == 0xD8
            ? help
            : PatchPrecision(await EncodeAsync(SyntheticImages.Desktop(16, 16), grey: false, ["-quality", "75"]), 12);
        var error = Assert.Throws<ImageDecodeException>(() => JpegDecoder.Decode(jpeg, FrameLimits.Default));
        Assert.Contains("unsupported JPEG", error.Message, StringComparison.Ordinal);
    }

    internal static async Task<byte[]> EncodeAsync(Frame source, bool grey, string[] options)
    {
        var cjpeg = ExternalProgram.Require("cjpeg");
        return await ProcessRunner.RunAsync(cjpeg, options, Netpbm.Write(source, grey), TestTimeouts.Within(TestTimeouts.Network));
    }

    private static byte[] PatchPrecision(byte[] jpeg, byte precision)
    {
        for (var i = 2; i + 4 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC1)
            {
                jpeg[i + 4] = precision;
                return jpeg;
            }
        }

        throw new InvalidOperationException("no SOF marker");
    }

    private static string[] RestartOption(int rows) => rows == 0 ? [] : ["-restart", $"{rows}"];

    private static async Task AssertMatchesReferenceAsync(Frame source, bool grey, string[] cjpegOptions)
    {
        var djpeg = ExternalProgram.Require("djpeg");
        var jpeg = await EncodeAsync(source, grey, cjpegOptions);
        var reference = Netpbm.Read(await ProcessRunner.RunAsync(djpeg, ["-pnm"], jpeg, TestTimeouts.Within(TestTimeouts.Network)));

        var decoded = JpegDecoder.Decode(jpeg, FrameLimits.Default);

        Assert.Equal((reference.Width, reference.Height), (decoded.Width, decoded.Height));
        var psnr = ImageComparison.Psnr(reference, decoded);
        Assert.True(psnr >= MinimumPsnr, $"PSNR {psnr:F1} dB against djpeg, below {MinimumPsnr} dB");
        for (var p = 3; p < decoded.Pixels.Length; p += 4)
        {
            Assert.Equal(255, decoded.Pixels[p]);
        }
    }
}
