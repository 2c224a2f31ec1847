using OvhIkvm.Imaging.Rendering;
using OvhIkvm.Imaging.Tests.Support;
using OvhIkvm.Testing;

namespace OvhIkvm.Imaging.Tests.Rendering;

public sealed class ScreenshotRendererTests
{
    public static TheoryData<string, int, int> BudgetCases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var (width, height) in new[] { (640, 480), (800, 600), (1024, 768), (1280, 1024), (1920, 1080), (2560, 1440), (3840, 2160) })
        {
            data.Add("vga-text", width, height);
            data.Add("desktop", width, height);
        }

        // Noise is the worst case for the byte budget: it forces the greyscale and smaller-scale fallbacks.
        data.Add("noise", 640, 480);
        data.Add("noise", 1920, 1080);
        data.Add("noise", 3840, 2160);
        return data;
    }

    [Theory]
    [MemberData(nameof(BudgetCases))]
    public void Default_output_honours_the_budget(string kind, int width, int height)
    {
        var frame = kind switch
        {
            "vga-text" => SyntheticImages.VgaText(width, height),
            "desktop" => SyntheticImages.Desktop(width, height),
            _ => SyntheticImages.Noise(width, height),
        };

        var image = new ScreenshotRenderer().Render(frame, raw: false);

        Assert.InRange(Math.Max(image.Width, image.Height), 1, VisionOptions.Default.MaxLongEdge);
        Assert.InRange(image.Png.Length, 1, VisionOptions.Default.MaxPngBytes);
        var decoded = PngReader.Read(image.Png.ToArray()).Frame;
        Assert.Equal((image.Width, image.Height), (decoded.Width, decoded.Height));
        AssertOpaque(decoded);
    }

    [Fact]
    public void Screens_that_fit_twice_are_upscaled_2x_by_exact_pixel_replication()
    {
        // White-on-blue text reaches full brightness, so the lift leaves it alone and pixels must match exactly.
        var frame = SyntheticImages.TextConsole(640, 480, 3, (255, 255, 255), (0, 0, 170));

        var image = new ScreenshotRenderer().Render(frame, raw: false);

        Assert.Equal((1280, 960), (image.Width, image.Height));
        var decoded = PngReader.Read(image.Png.ToArray()).Frame;
        for (var y = 0; y < decoded.Height; y++)
        {
            for (var x = 0; x < decoded.Width; x++)
            {
                Assert.True(
                    decoded.Pixels.AsSpan(((y * decoded.Width) + x) * 4, 4).SequenceEqual(frame.Pixels.AsSpan((((y / 2) * frame.Width) + (x / 2)) * 4, 4)),
                    $"pixel ({x},{y}) is not source pixel ({x / 2},{y / 2})");
            }
        }
    }

    [Theory]
    [InlineData(3, 1920, 1440)]
    [InlineData(4, 2560, 1920)]
    public void Larger_integer_factors_replicate_when_the_budget_allows(int factor, int expectedWidth, int expectedHeight)
    {
        var frame = SyntheticImages.TextConsole(640, 480, 3, (255, 255, 255), (0, 0, 170));
        var options = new VisionOptions(UpscaleFactor: factor, MaxLongEdge: 4096, MaxPngBytes: 10_000_000);

        var image = new ScreenshotRenderer(options).Render(frame, raw: false);

        Assert.Equal((expectedWidth, expectedHeight), (image.Width, image.Height));
        var decoded = PngReader.Read(image.Png.ToArray()).Frame;
        Assert.True(decoded.Pixels.AsSpan(0, 4).SequenceEqual(frame.Pixels.AsSpan(0, 4)));
        var last = (decoded.Width * decoded.Height * 4) - 4;
        Assert.True(decoded.Pixels.AsSpan(last, 4).SequenceEqual(frame.Pixels.AsSpan(frame.Pixels.Length - 4, 4)));
    }

    [Fact]
    public void A_bmc_sized_screen_gets_the_largest_scale_that_fits_the_long_edge()
    {
        var image = new ScreenshotRenderer().Render(SyntheticImages.VgaText(1024, 768), raw: false);

        Assert.Equal((1568, 1176), (image.Width, image.Height));
    }

    [Fact]
    public void Screens_larger_than_the_long_edge_are_area_downscaled_and_flat_areas_keep_their_colour()
    {
        var pixels = new byte[3840 * 2160 * 4];
        for (var p = 0; p < pixels.Length; p += 4)
        {
            pixels[p] = 10;
            pixels[p + 1] = 200;
            pixels[p + 2] = 250;
            pixels[p + 3] = 255;
        }

        var image = new ScreenshotRenderer().Render(new Frame(3840, 2160, pixels), raw: false);

        Assert.Equal((1568, 882), (image.Width, image.Height));
        var decoded = PngReader.Read(image.Png.ToArray()).Frame;
        Assert.All(Enumerable.Range(0, decoded.Width * decoded.Height), i =>
            Assert.True(decoded.Pixels.AsSpan(i * 4, 4).SequenceEqual(pixels.AsSpan(0, 4))));
    }

    [Theory]
    [InlineData(1920, 1080)] // area downscale to 1568x882, lifted
    [InlineData(1024, 768)] // area upscale to 1568x1176, lifted
    [InlineData(720, 400)] // 2x nearest neighbour, lifted
    public void A_console_render_holds_no_whole_image_copy_besides_the_palette_indices(int width, int height)
    {
        var frame = SyntheticImages.VgaText(width, height);
        var renderer = new ScreenshotRenderer();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var image = renderer.Render(frame, raw: false);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The lift, the scale and the encoder's input used to be a whole RGBA image each, and the area filter's
        // intermediate another (about 23 MB at 1080p). Now: the palette indices (a byte per output pixel), the PNG's
        // buffers, and rows; together less than one RGBA copy of the output.
        var oneCopy = (long)image.Width * image.Height * Frame.BytesPerPixel;
        Assert.True(allocated < oneCopy, $"{width}x{height} -> {image.Width}x{image.Height} allocated {allocated:N0} bytes for a {image.Png.Length:N0}-byte PNG; one RGBA copy of the output is {oneCopy:N0}");
    }

    [Fact]
    public void Dark_consoles_are_lifted_to_full_range_clipping_at_most_half_a_percent()
    {
        // Grey 120 text on black, plus 0.3% of pixels at 200: the lift must aim at 120, not at the outliers.
        var frame = SyntheticImages.TextConsole(640, 480, 5, (120, 120, 120), (0, 0, 0));
        var outliers = frame.Width * frame.Height * 3 / 1000;
        for (var i = 0; i < outliers; i++)
        {
            frame.Pixels.AsSpan(i * 4 * 97, 3).Fill(200);
        }

        var decoded = RenderUnscaled(frame);

        var clipped = 0;
        for (var p = 0; p < decoded.Pixels.Length; p += 4)
        {
            Assert.True(decoded.Pixels[p] >= frame.Pixels[p], $"byte {p} darkened: {frame.Pixels[p]} became {decoded.Pixels[p]}");
            clipped += decoded.Pixels[p] == 255 && frame.Pixels[p] == 200 ? 1 : 0;
        }

        Assert.Contains((byte)255, decoded.Pixels);
        Assert.Equal(255, Lifted(decoded, frame, 120));
        Assert.True(clipped <= frame.Width * frame.Height * VisionOptions.BrightnessClipFraction, $"{clipped} pixels clipped");
    }

    [Fact]
    public void Bright_screens_are_left_exactly_as_they_are()
    {
        var frame = SyntheticImages.Desktop(320, 240);

        var decoded = RenderUnscaled(frame);

        ImageComparison.AssertIdentical(frame, decoded);
    }

    [Fact]
    public void Nearly_black_screens_are_lifted_by_at_most_the_gain_cap()
    {
        var frame = SyntheticImages.TextConsole(320, 240, 9, (20, 20, 20), (0, 0, 0));

        var decoded = RenderUnscaled(frame);

        Assert.Equal(80, Lifted(decoded, frame, 20));
    }

    [Fact]
    public void All_black_screens_stay_black()
    {
        var frame = Frame.CreateBlack(320, 240, FrameLimits.Default);
        ImageComparison.AssertIdentical(frame, RenderUnscaled(frame));
    }

    [Fact]
    public void Optimised_output_is_opaque_even_when_the_frame_is_not()
    {
        var frame = SyntheticImages.WithAlphaRamp(SyntheticImages.Desktop(64, 48));

        var image = new ScreenshotRenderer().Render(frame, raw: false);

        AssertOpaque(PngReader.Read(image.Png.ToArray()).Frame);
    }

    [Fact]
    public void A_tight_byte_budget_falls_back_to_greyscale_then_smaller_scales()
    {
        var options = new VisionOptions(MaxPngBytes: 60_000);

        var image = new ScreenshotRenderer(options).Render(SyntheticImages.Noise(640, 480), raw: false);

        Assert.InRange(image.Png.Length, 1, options.MaxPngBytes);
        Assert.True(image.Width < 640);
        var decoded = PngReader.Read(image.Png.ToArray());
        Assert.Equal(Imaging.Png.PngColorType.Greyscale, decoded.ColorType);
    }

    [Fact]
    public void Raw_output_is_the_frame_losslessly_at_its_own_size()
    {
        var frame = SyntheticImages.WithAlphaRamp(SyntheticImages.Desktop(97, 41));

        var image = new ScreenshotRenderer().Render(frame, raw: true);

        Assert.Equal((97, 41), (image.Width, image.Height));
        ImageComparison.AssertIdentical(frame, PngReader.Read(image.Png.ToArray()).Frame);
    }

    [Theory]
    [InlineData(0, 1568, 1_000_000, 9, 4.0)]
    [InlineData(2, 10, 1_000_000, 9, 4.0)]
    [InlineData(2, 1568, 100, 9, 4.0)]
    [InlineData(2, 1568, 1_000_000, 10, 4.0)]
    [InlineData(2, 1568, 1_000_000, 9, 0.5)]
    public void Options_outside_their_range_are_rejected(int factor, int longEdge, int bytes, int level, double gain)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScreenshotRenderer(new VisionOptions(factor, longEdge, bytes, level, MaxBrightnessGain: gain)));
    }

    private static Frame RenderUnscaled(Frame frame)
    {
        var image = new ScreenshotRenderer(new VisionOptions(UpscaleFactor: 1)).Render(frame, raw: false);
        Assert.Equal((frame.Width, frame.Height), (image.Width, image.Height));
        return PngReader.Read(image.Png.ToArray()).Frame;
    }

    /// <summary>What the optimiser turned source level <paramref name="level"/> into.</summary>
    private static int Lifted(Frame output, Frame source, byte level)
    {
        for (var p = 0; p < source.Pixels.Length; p += 4)
        {
            if (source.Pixels[p] == level)
            {
                return output.Pixels[p];
            }
        }

        throw new InvalidOperationException($"no pixel at level {level}");
    }

    private static void AssertOpaque(Frame frame)
    {
        for (var p = 3; p < frame.Pixels.Length; p += 4)
        {
            Assert.Equal(255, frame.Pixels[p]);
        }
    }
}
