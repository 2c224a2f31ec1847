using OvhIkvm.Imaging.Png;
using OvhIkvm.Imaging.Tests.Support;
using OvhIkvm.Testing;

namespace OvhIkvm.Imaging.Tests.Png;

/// <summary>Our PNGs judged by decoders nobody here wrote: Pillow (pixels) and pngcheck (structure, CRCs, zlib).</summary>
[Trait("Category", ExternalProgram.Category)]
public sealed class PngEncoderReferenceTests
{
    private const string PillowDump = """
        import sys
        from PIL import Image
        image = Image.open(sys.argv[1])
        image.load()
        sys.stdout.write(image.mode + " %d %d\n" % image.size)
        sys.stdout.flush()
        sys.stdout.buffer.write(image.convert("RGBA").tobytes())
        """;

    public static TheoryData<string, int, int> Cases() => PngCases.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Pillow_decodes_the_same_pixels(string kind, int width, int height)
    {
        var python = Pillow.Require();
        var frame = PngCases.Make(kind, width, height);
        using var file = new TemporaryFile(PngEncoder.Encode(frame));

        var output = await ProcessRunner.RunAsync(python, ["-c", PillowDump, file.Path], [], TestTimeouts.Within(TestTimeouts.Network));

        var newline = Array.IndexOf(output, (byte)'\n');
        var header = System.Text.Encoding.ASCII.GetString(output, 0, newline).Split(' ');
        Assert.Equal(($"{width}", $"{height}"), (header[1], header[2]));
        var decoded = new Frame(width, height, output[(newline + 1)..]);
        ImageComparison.AssertIdentical(frame, decoded);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Pngcheck_finds_no_errors(string kind, int width, int height)
    {
        var pngcheck = ExternalProgram.Require("pngcheck");
        using var file = new TemporaryFile(PngEncoder.Encode(PngCases.Make(kind, width, height)));

        // pngcheck exits non-zero on any error (bad CRC, bad zlib stream, wrong data length, bad chunk order).
        var report = await ProcessRunner.RunAsync(pngcheck, ["-v", file.Path], [], TestTimeouts.Within(TestTimeouts.Network));

        Assert.Contains("No errors detected", System.Text.Encoding.ASCII.GetString(report), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vga-text", 1024, 768)]
    [InlineData("colour-text", 1024, 768)]
    [InlineData("desktop", 800, 600)]
    [InlineData("noise", 320, 200)]
    public async Task Output_is_never_larger_than_pillow_rgba_at_level_9(string kind, int width, int height)
    {
        var python = Pillow.Require();
        var frame = PngCases.Make(kind, width, height);
        using var file = new TemporaryFile(PngEncoder.Encode(frame, new PngEncoderOptions(ReduceColors: false)));
        const string Reencode = """
            import io, sys
            from PIL import Image
            out = io.BytesIO()
            Image.open(sys.argv[1]).convert("RGBA").save(out, "PNG", compress_level=9)
            print(len(out.getvalue()))
            """;

        var printed = await ProcessRunner.RunAsync(python, ["-c", Reencode, file.Path], [], TestTimeouts.Within(TestTimeouts.Network));
        var pillowBytes = int.Parse(System.Text.Encoding.ASCII.GetString(printed).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        var ours = PngEncoder.Encode(frame).Length;
        Assert.True(ours <= pillowBytes, $"{kind}: ours {ours} bytes, Pillow RGBA level 9 {pillowBytes} bytes");
    }
}
