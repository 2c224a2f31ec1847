using OvhIkvm.Imaging.Aspeed;
using OvhIkvm.Simulators.Aspeed;
using OvhIkvm.Testing;

namespace OvhIkvm.Imaging.Tests.Aspeed;

/// <summary>Encoder-made streams through the decoder, at every coding mode.</summary>
public sealed class AspeedRoundTripTests
{
    public static TheoryData<bool> Subsampling => new() { false, true };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dct_blocks_at_the_finest_selector_reach_35_dB(bool mode420)
    {
        var source = SyntheticScreens.Picture(320, 240);
        var options = new AspeedEncoderOptions(Mode420: mode420, TableSelector: AspeedQuantizationTables.MaxSelector, UseVq: false);

        var (decoded, result) = RoundTrip(source, options);

        var blocks = mode420 ? 20 * 15 : 40 * 30;
        Assert.Equal(new AspeedDecodeResult(blocks, ReachedEndOfFrame: true), result);
        AssertPsnrAtLeast(35, source, decoded);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Quality_rises_with_the_selector(bool mode420)
    {
        var source = SyntheticScreens.Picture(256, 128);
        var psnr = new[] { 0, 4, 7, 11 }
            .Select(selector => ImageComparison.Psnr(source, RoundTrip(source, new AspeedEncoderOptions(mode420, selector, UseVq: false)).Frame))
            .ToArray();

        for (var i = 1; i < psnr.Length; i++)
        {
            Assert.True(psnr[i] > psnr[i - 1], $"PSNR by selector 0/4/7/11: {string.Join(", ", psnr.Select(p => p.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
        }
    }

    [Fact]
    public void Chroma_quantised_with_luma_tables_round_trips()
    {
        var source = SyntheticScreens.Picture(128, 64);
        var options = new AspeedEncoderOptions(TableSelector: 4, ChromaUsesLumaTables: true, UseVq: false);

        var chromaTables = ImageComparison.Psnr(source, RoundTrip(source, options with { ChromaUsesLumaTables = false }).Frame);
        var lumaTables = ImageComparison.Psnr(source, RoundTrip(source, options).Frame);

        // Luma tables are finer than chroma ones at the same selector: the mapping flag must reach the decoder.
        Assert.True(lumaTables > chromaTables, $"{lumaTables:F1} dB with luma tables, {chromaTables:F1} dB with chroma tables");
    }

    [Fact]
    public void Vq_blocks_reproduce_a_console_exactly()
    {
        var source = SyntheticScreens.Console(320, 200, seed: 1);

        var (decoded, result) = RoundTrip(source, new AspeedEncoderOptions(TableSelector: 0));

        Assert.Equal(40 * 25, result.BlocksDecoded);
        ImageComparison.AssertIdentical(source, decoded);
    }

    [Fact]
    public void Encoded_frames_do_not_depend_on_the_palette_a_decoder_kept()
    {
        var options = new AspeedEncoderOptions();
        var screen = SyntheticScreens.Console(64, 48, seed: 8);
        var used = new AspeedDecoder(FrameLimits.Default);
        used.Decode(options.ToFrameParameters(64, 48), AspeedEncoder.Encode(SyntheticScreens.Console(64, 48, seed: 9), options));

        used.Decode(options.ToFrameParameters(64, 48), AspeedEncoder.Encode(screen, options));

        ImageComparison.AssertIdentical(screen, used.ToFrame());
    }

    [Fact]
    public void Vq_blocks_are_used_for_one_two_and_four_colour_blocks()
    {
        var vq = AspeedEncoder.Encode(SyntheticScreens.Console(320, 200, seed: 2), new AspeedEncoderOptions(TableSelector: 11));
        var dct = AspeedEncoder.Encode(SyntheticScreens.Console(320, 200, seed: 2), new AspeedEncoderOptions(TableSelector: 11, UseVq: false));

        // At most 2 bits a pixel plus a small palette: far below DCT at the finest tables.
        Assert.True(vq.Length * 3 < dct.Length, $"VQ {vq.Length} bytes, DCT {dct.Length} bytes");
        var codes = BlockCodes(vq, columns: 40, rows: 25);
        Assert.Contains(AspeedBlockCode.VqOneColour, codes);
        Assert.Contains(AspeedBlockCode.VqTwoColours, codes);
        Assert.Contains(AspeedBlockCode.VqFourColours, codes);
    }

    [Fact]
    public void Pass_two_refines_coarse_blocks_to_35_dB()
    {
        var source = SyntheticScreens.Picture(256, 192);
        var coarse = new AspeedEncoderOptions(TableSelector: 0, AdvanceTableSelector: 11, UseVq: false);

        var (withoutPassTwo, _) = RoundTrip(source, coarse);
        var (refined, result) = RoundTrip(source, coarse with { UsePassTwo = true });

        Assert.Equal(2 * 32 * 24, result.BlocksDecoded);
        AssertPsnrAtLeast(35, source, refined);
        Assert.True(ImageComparison.Psnr(source, refined) > ImageComparison.Psnr(source, withoutPassTwo) + 6);
    }

    [Theory]
    [MemberData(nameof(Subsampling))]
    public void Advance_table_blocks_use_the_advance_selector(bool mode420)
    {
        var source = SyntheticScreens.Picture(256, 192);
        var options = new AspeedEncoderOptions(mode420, TableSelector: 0, AdvanceTableSelector: 11, UseVq: false, UseAdvanceTables: true);

        var (decoded, _) = RoundTrip(source, options);

        AssertPsnrAtLeast(35, source, decoded);
    }

    [Theory]
    [MemberData(nameof(Subsampling))]
    public void Positioned_blocks_decode_like_sequential_ones(bool mode420)
    {
        var source = SyntheticScreens.Console(128, 96, seed: 3);
        var sequential = new AspeedEncoderOptions(mode420, TableSelector: 9);

        var (expected, _) = RoundTrip(source, sequential);
        var positionedStream = AspeedEncoder.Encode(source, sequential with { PositionEveryBlock = true });
        var (actual, _) = RoundTrip(source, sequential with { PositionEveryBlock = true });

        Assert.True(positionedStream.Length > AspeedEncoder.Encode(source, sequential).Length);
        ImageComparison.AssertIdentical(expected, actual);
    }

    [Theory]
    [InlineData(1000, 750, false)]
    [InlineData(1000, 750, true)]
    [InlineData(799, 601, false)]
    [InlineData(799, 601, true)]
    [InlineData(1, 1, false)]
    [InlineData(17, 9, true)]
    public void Odd_resolutions_are_clipped_at_the_right_and_bottom_edges(int width, int height, bool mode420)
    {
        var source = SyntheticScreens.Picture(width, height);
        var options = new AspeedEncoderOptions(mode420, AspeedQuantizationTables.MaxSelector, UseVq: false);

        var decoder = new AspeedDecoder(FrameLimits.Default);
        decoder.Decode(options.ToFrameParameters(width, height), AspeedEncoder.Encode(source, options));
        var decoded = decoder.ToFrame();

        Assert.True(decoder.IsComplete);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        AssertPsnrAtLeast(35, source, decoded);
        AssertPsnrAtLeast(35, Column(source, width - 1), Column(decoded, width - 1));
        AssertPsnrAtLeast(35, Row(source, height - 1), Row(decoded, height - 1));
    }

    [Theory]
    [InlineData(799, 601)]
    [InlineData(13, 7)]
    public void Vq_is_exact_at_odd_resolutions(int width, int height)
    {
        var source = SyntheticScreens.Console(width, height, seed: width);

        var (decoded, _) = RoundTrip(source, new AspeedEncoderOptions());

        ImageComparison.AssertIdentical(source, decoded);
    }

    [Theory]
    [MemberData(nameof(Subsampling))]
    public void Incremental_frames_code_and_repaint_only_changed_blocks(bool mode420)
    {
        var options = new AspeedEncoderOptions(mode420, TableSelector: 10);
        var first = SyntheticScreens.Console(256, 160, seed: 4);
        var second = SyntheticScreens.WithBlock(first, left: 40, top: 24, size: 5, SyntheticScreens.ConsoleColours[3]);
        second = SyntheticScreens.WithBlock(second, left: 250, top: 150, size: 9, SyntheticScreens.ConsoleColours[4]);
        var mcu = mode420 ? 16 : 8;
        var changedBlocks = CountChangedBlocks(first, second, mcu);

        var decoder = new AspeedDecoder(FrameLimits.Default);
        decoder.Decode(options.ToFrameParameters(256, 160), AspeedEncoder.Encode(first, options));
        var before = decoder.ToFrame();
        var update = AspeedEncoder.EncodeFrame(second, first, options);
        var result = decoder.Decode(options.ToFrameParameters(256, 160), update.Bitstream);

        Assert.Equal(changedBlocks, update.BlockCount);
        Assert.Equal(new AspeedDecodeResult(changedBlocks, ReachedEndOfFrame: true), result);
        Assert.Equal(changedBlocks, CountChangedBlocks(before, decoder.ToFrame(), mcu));
        ImageComparison.AssertIdentical(RoundTrip(second, options).Frame, decoder.ToFrame());
    }

    [Fact]
    public void A_screen_handed_out_costs_no_copy_until_the_next_frame_and_keeps_its_pixels_after_it()
    {
        var options = new AspeedEncoderOptions();
        var first = SyntheticScreens.Console(1920, 1080, seed: 6);
        var second = SyntheticScreens.WithBlock(first, left: 0, top: 0, size: 8, SyntheticScreens.ConsoleColours[3]);
        var decoder = new AspeedDecoder(FrameLimits.Default);
        decoder.Decode(options.ToFrameParameters(1920, 1080), AspeedEncoder.Encode(first, options));

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var handedOut = decoder.ToFrame();
        var again = decoder.ToFrame();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        decoder.Decode(options.ToFrameParameters(1920, 1080), AspeedEncoder.EncodeFrame(second, first, options).Bitstream);

        Assert.True(allocated < 1024, $"two screens handed out allocated {allocated} bytes");
        ImageComparison.AssertIdentical(first, handedOut);
        ImageComparison.AssertIdentical(first, again);
        ImageComparison.AssertIdentical(second, decoder.ToFrame());
    }

    [Fact]
    public void An_unchanged_screen_encodes_to_just_the_end_code()
    {
        var screen = SyntheticScreens.Console(64, 64, seed: 5);

        var update = AspeedEncoder.EncodeFrame(screen, screen, new AspeedEncoderOptions());

        Assert.Equal(0, update.BlockCount);
        Assert.Equal(new byte[] { 0, 0, 0, 0x90, 0, 0, 0, 0 }, update.Bitstream);
    }

    [Fact]
    public void Incremental_frames_on_screens_wider_than_256_blocks_stay_sequential()
    {
        var options = new AspeedEncoderOptions(TableSelector: 10);
        var first = SyntheticScreens.Console(2200, 16, seed: 6);
        var second = SyntheticScreens.WithBlock(first, left: 2100, top: 8, size: 4, SyntheticScreens.ConsoleColours[5]);
        var decoder = new AspeedDecoder(FrameLimits.Default);
        decoder.Decode(options.ToFrameParameters(2200, 16), AspeedEncoder.Encode(first, options));

        decoder.Decode(options.ToFrameParameters(2200, 16), AspeedEncoder.EncodeChanges(first, second, options));

        ImageComparison.AssertIdentical(second, decoder.ToFrame());
    }

    [Fact]
    public void Encoder_rejects_options_the_format_cannot_express()
    {
        var screen = SyntheticScreens.Picture(16, 16);

        Assert.Throws<ArgumentOutOfRangeException>(() => AspeedEncoder.Encode(screen, new AspeedEncoderOptions(TableSelector: 12)));
        Assert.Throws<ArgumentException>(() => AspeedEncoder.Encode(screen, new AspeedEncoderOptions(Mode420: true, UsePassTwo: true)));
        Assert.Throws<ArgumentException>(() => AspeedEncoder.Encode(SyntheticScreens.Picture(2056, 8), new AspeedEncoderOptions(PositionEveryBlock: true)));
    }

    internal static (Frame Frame, AspeedDecodeResult Result) RoundTrip(Frame source, AspeedEncoderOptions options)
    {
        var decoder = new AspeedDecoder(FrameLimits.Default);
        var result = decoder.Decode(options.ToFrameParameters(source.Width, source.Height), AspeedEncoder.Encode(source, options));
        Assert.True(result.ReachedEndOfFrame);
        Assert.True(decoder.IsComplete);
        return (decoder.ToFrame(), result);
    }

    private static void AssertPsnrAtLeast(double minimum, Frame expected, Frame actual)
    {
        var psnr = ImageComparison.Psnr(expected, actual);
        Assert.True(psnr >= minimum, $"PSNR {psnr:F1} dB < {minimum} dB");
    }

    private static Frame Column(Frame frame, int x)
    {
        var pixels = new byte[frame.Height * Frame.BytesPerPixel];
        for (var y = 0; y < frame.Height; y++)
        {
            frame.Row(y).Slice(x * Frame.BytesPerPixel, Frame.BytesPerPixel).CopyTo(pixels.AsSpan(y * Frame.BytesPerPixel));
        }

        return new Frame(1, frame.Height, pixels);
    }

    private static Frame Row(Frame frame, int y) => new(frame.Width, 1, frame.Row(y).ToArray());

    private static int CountChangedBlocks(Frame a, Frame b, int mcu)
    {
        var changed = new HashSet<(int, int)>();
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                if (!a.Row(y).Slice(x * 4, 4).SequenceEqual(b.Row(y).Slice(x * 4, 4)))
                {
                    changed.Add((x / mcu, y / mcu));
                }
            }
        }

        return changed.Count;
    }

    /// <summary>The code of each block of an all-VQ 4:4:4 stream (VQ blocks can be walked without Huffman tables).</summary>
    private static List<AspeedBlockCode> BlockCodes(byte[] bitstream, int columns, int rows)
    {
        var bits = new System.Collections.BitArray(bitstream.Length * 8);
        for (var i = 0; i < bitstream.Length / 4; i++)
        {
            var word = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bitstream.AsSpan(i * 4));
            for (var b = 0; b < 32; b++)
            {
                bits[(i * 32) + b] = ((word >> (31 - b)) & 1) != 0;
            }
        }

        var position = 0;
        int Read(int count)
        {
            var value = 0;
            for (var i = 0; i < count; i++)
            {
                value = (value << 1) | (bits[position++] ? 1 : 0);
            }

            return value;
        }

        var codes = new List<AspeedBlockCode>();
        for (var block = 0; block < columns * rows; block++)
        {
            var code = (AspeedBlockCode)Read(4);
            Assert.InRange(code, AspeedBlockCode.VqOneColour, AspeedBlockCode.VqFourColours);
            codes.Add(code);
            var bitsPerPixel = code - AspeedBlockCode.VqOneColour;
            for (var entry = 0; entry < 1 << bitsPerPixel; entry++)
            {
                Read(Read(1) == 1 ? 26 : 2);
            }

            Read(bitsPerPixel * 64);
        }

        Assert.Equal((int)AspeedBlockCode.FrameEnd, Read(4));
        return codes;
    }
}
