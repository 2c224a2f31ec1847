using OvhIkvm.Imaging.Png;
using OvhIkvm.Imaging.Tests.Support;
using OvhIkvm.Testing;

namespace OvhIkvm.Imaging.Tests.Png;

public sealed class PngEncoderTests
{
    public static TheoryData<string, int, int> Cases() => PngCases.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Round_trips_every_colour_type_and_size(string kind, int width, int height)
    {
        var frame = PngCases.Make(kind, width, height);

        var decoded = PngReader.Read(PngEncoder.Encode(frame));

        ImageComparison.AssertIdentical(frame, decoded.Frame);
        var expected = PngCases.ExpectedColorType(kind, width, height);
        if (expected is not null)
        {
            Assert.Equal(expected, decoded.ColorType);
        }
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(4, 2)]
    [InlineData(16, 4)]
    [InlineData(17, 8)]
    [InlineData(256, 8)]
    public void Palette_depth_is_the_smallest_that_holds_the_colours(int colours, int expectedDepth)
    {
        var pixels = new byte[37 * 5 * 4];
        for (var i = 0; i < 37 * 5; i++)
        {
            var c = i % colours;
            pixels[i * 4] = (byte)c;
            pixels[(i * 4) + 1] = (byte)(255 - c);
            pixels[(i * 4) + 2] = 7;
            pixels[(i * 4) + 3] = 255;
        }

        var decoded = PngReader.Read(PngEncoder.Encode(new Frame(37, 5, pixels)));

        Assert.Equal(PngColorType.Palette, decoded.ColorType);
        Assert.Equal(expectedDepth, decoded.BitDepth);
        Assert.True(decoded.Frame.Pixels.AsSpan().SequenceEqual(pixels));
    }

    [Theory]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0x00000000u)]
    [InlineData(0xFF000000u)]
    public void The_first_pixel_is_indexed_whatever_its_colour(uint first)
    {
        var pixels = new byte[3 * 4];
        BitConverter.GetBytes(first).CopyTo(pixels, 0);
        pixels[4] = 9;
        pixels[7] = 255;
        pixels[11] = 255;
        var frame = new Frame(3, 1, pixels);

        ImageComparison.AssertIdentical(frame, PngReader.Read(PngEncoder.Encode(frame)).Frame);
    }

    [Fact]
    public void A_grey_image_of_at_most_256_levels_is_read_once_and_encoded_exactly()
    {
        var frame = SyntheticImages.Noise(64, 64, grey: true);
        var rows = new CountedRows(frame);

        var decoded = PngReader.Read(PngEncoder.Encode(rows, PngEncoderOptions.Default));

        Assert.Equal((PngColorType.Greyscale, 8), (decoded.ColorType, decoded.BitDepth));
        ImageComparison.AssertIdentical(frame, decoded.Frame);
        Assert.Equal(frame.Height, rows.Reads);
    }

    /// <summary>A frame's rows, counting how many the encoder asks for (a rendering step would produce each again).</summary>
    private sealed class CountedRows(Frame frame) : IImageRows
    {
        public int Reads { get; private set; }

        public int Width => frame.Width;

        public int Height => frame.Height;

        public bool AlwaysOpaque => true;

        public ReadOnlySpan<byte> Row(int y)
        {
            Reads++;
            return frame.Row(y);
        }
    }

    [Fact]
    public void Grey_screens_with_many_levels_are_greyscale()
    {
        var decoded = PngReader.Read(PngEncoder.Encode(SyntheticImages.Noise(64, 64, grey: true)));
        Assert.Equal((PngColorType.Greyscale, 8), (decoded.ColorType, decoded.BitDepth));
    }

    [Fact]
    public void Large_images_split_idat_into_bounded_chunks()
    {
        var decoded = PngReader.Read(PngEncoder.Encode(SyntheticImages.Noise(400, 400)));

        Assert.True(decoded.IdatSizes.Count > 1);
        Assert.All(decoded.IdatSizes, size => Assert.InRange(size, 1, PngEncoder.MaxIdatChunk));
        Assert.Equal(["IHDR", .. Enumerable.Repeat("IDAT", decoded.IdatSizes.Count), "IEND"], decoded.Chunks);
    }

    [Fact]
    public void Palette_images_carry_a_plte_chunk_before_idat()
    {
        var decoded = PngReader.Read(PngEncoder.Encode(SyntheticImages.VgaText(80, 32)));
        Assert.Equal(["IHDR", "PLTE", "IDAT", "IEND"], decoded.Chunks);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10)]
    public void Compression_level_outside_zlib_range_is_rejected(int level)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PngEncoder.Encode(SyntheticImages.VgaText(8, 8), new PngEncoderOptions(level)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    public void Every_compression_level_round_trips(int level)
    {
        var frame = SyntheticImages.Desktop(53, 41);
        ImageComparison.AssertIdentical(frame, PngReader.Read(PngEncoder.Encode(frame, new PngEncoderOptions(level))).Frame);
    }

    [Theory]
    [InlineData("vga-text", 1024, 768)]
    [InlineData("vga-text-2x", 1600, 1200)]
    [InlineData("colour-text", 1024, 768)]
    [InlineData("desktop", 800, 600)]
    [InlineData("grey-noise", 320, 200)]
    [InlineData("noise", 320, 200)]
    public void Output_is_never_larger_than_deflate_9_rgba(string kind, int width, int height)
    {
        var frame = PngCases.Make(kind, width, height);

        var ours = PngEncoder.Encode(frame).Length;
        var naive = PngEncoder.Encode(frame, new PngEncoderOptions(CompressionLevel: 9, ReduceColors: false)).Length;

        Assert.True(ours <= naive, $"{kind}: {ours} bytes, deflate-9 RGBA {naive} bytes");
    }
}
