using OvhIkvm.Imaging.Aspeed;
using OvhIkvm.Simulators.Aspeed;

namespace OvhIkvm.Imaging.Tests.Aspeed;

/// <summary>Decoder state rules and clear errors on hand-made streams.</summary>
public sealed class AspeedDecoderTests
{
    private static readonly AspeedFrameParameters _small444 = new(32, 16, Mode420: false, TableSelector: 7);

    [Fact]
    public void Rc4_encrypted_video_is_refused_with_a_clear_message()
    {
        var decoder = new AspeedDecoder(FrameLimits.Default);

        var error = Assert.Throws<ImageDecodeException>(() => decoder.Decode(_small444 with { Rc4Encrypted = true }, new byte[8]));

        Assert.Contains("RC4-encrypted video is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_standard_jpeg_is_recognised_and_refused()
    {
        var decoder = new AspeedDecoder(FrameLimits.Default);

        var error = Assert.Throws<ImageDecodeException>(() => decoder.Decode(_small444, [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46]));

        Assert.Contains("standard JPEG", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x1)]
    [InlineData(0x3)]
    [InlineData(0xB)]
    public void Undefined_block_codes_stop_the_frame_with_an_error(int code)
    {
        var stream = new TestBitstream().Bits((uint)code, 4).Bits(0, 16).ToArray();

        var error = Assert.Throws<ImageDecodeException>(() => new AspeedDecoder(FrameLimits.Default).Decode(_small444, stream));

        Assert.Contains($"undefined block code 0x{code:X}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_positioned_outside_the_screen_is_an_error()
    {
        var stream = new TestBitstream().Bits(0xD, 4).Bits(4, 8).Bits(0, 8).Bits(0, 3).ToArray();

        var error = Assert.Throws<ImageDecodeException>(() => new AspeedDecoder(FrameLimits.Default).Decode(_small444, stream));

        Assert.Contains("(4,0), outside the 4x2 block screen", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x5)]
    [InlineData(0x2)]
    public void Vq_and_pass_two_blocks_are_errors_in_420(int code)
    {
        var stream = new TestBitstream().Bits((uint)code, 4).Bits(0, 28).ToArray();

        var error = Assert.Throws<ImageDecodeException>(
            () => new AspeedDecoder(FrameLimits.Default).Decode(_small444 with { Mode420 = true }, stream));

        Assert.Contains("4:2:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_cut_inside_a_block_is_an_error_and_leaves_that_block_unpainted()
    {
        var full = AspeedEncoder.Encode(SyntheticScreens.Picture(32, 16), new AspeedEncoderOptions(TableSelector: 11, UseVq: false));
        var decoder = new AspeedDecoder(FrameLimits.Default);

        var error = Assert.Throws<ImageDecodeException>(() => decoder.Decode(_small444 with { TableSelector = 11 }, full.AsSpan(0, full.Length / 2)));

        Assert.Contains("ends in the middle of block", error.Message, StringComparison.Ordinal);
        Assert.InRange(decoder.PaintedBlocks, 1, 7);
        Assert.False(decoder.IsComplete);
    }

    [Fact]
    public void Empty_and_end_only_streams_decode_nothing()
    {
        var decoder = new AspeedDecoder(FrameLimits.Default);

        Assert.Equal(new AspeedDecodeResult(0, ReachedEndOfFrame: false), decoder.Decode(_small444, []));
        Assert.Equal(new AspeedDecodeResult(0, ReachedEndOfFrame: true), decoder.Decode(_small444, new TestBitstream().Bits(9, 4).ToArray()));
        Assert.False(decoder.IsComplete);
        Assert.Equal(0, decoder.PaintedBlocks);
        Assert.All(Enumerable.Range(0, 32 * 16), i => Assert.Equal(new byte[] { 0, 0, 0, 255 }, decoder.ToFrame().Pixels[(i * 4)..((i * 4) + 4)]));
    }

    [Fact]
    public void A_frame_with_far_more_blocks_than_the_screen_is_refused()
    {
        // 8 blocks on this screen; the guard allows eight times that, then the stream must be corrupt.
        var stream = new TestBitstream();
        for (var i = 0; i < 100; i++)
        {
            stream.Bits(0x5, 4).Bits(0, 3);
        }

        var error = Assert.Throws<ImageDecodeException>(() => new AspeedDecoder(FrameLimits.Default).Decode(_small444, stream.ToArray()));

        Assert.Contains("more than 64 blocks", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(12)]
    public void Selectors_outside_0_to_11_are_refused(int selector)
    {
        var error = Assert.Throws<ImageDecodeException>(
            () => new AspeedDecoder(FrameLimits.Default).Decode(_small444 with { AdvanceTableSelector = selector }, []));

        Assert.Contains($"selector {selector}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dimensions_beyond_the_limits_are_refused_before_allocation()
    {
        var decoder = new AspeedDecoder(new FrameLimits(640, 480));

        Assert.Throws<ImageDecodeException>(() => decoder.Decode(_small444 with { Width = 641 }, []));
        Assert.Throws<ImageDecodeException>(() => decoder.Decode(_small444 with { Height = 0 }, []));
        Assert.Throws<InvalidOperationException>(decoder.ToFrame);
    }

    [Fact]
    public void The_vq_palette_persists_across_frames()
    {
        var decoder = new AspeedDecoder(FrameLimits.Default);
        var white = new TestBitstream().Bits(0x5, 4).Bits(1, 1).Bits(2, 2).Bits(0xEB8080, 24).Bits(9, 4).ToArray();
        var reuse = new TestBitstream().Bits(0xD, 4).Bits(1, 8).Bits(0, 8).Bits(0, 1).Bits(2, 2).Bits(9, 4).ToArray();

        decoder.Decode(_small444, white);
        decoder.Decode(_small444, reuse);

        Assert.Equal(new byte[] { 255, 255, 255, 255 }, decoder.ToFrame().Pixels[(8 * 4)..(9 * 4)]);
    }

    [Fact]
    public void Vq_pixels_index_the_entry_list_not_the_palette()
    {
        // Entry 0 -> slot 3 (set to white), entry 1 -> slot 0 (set to black); bitmap: first pixel 1, then 0s.
        var stream = new TestBitstream().Bits(0x6, 4)
            .Bits(1, 1).Bits(3, 2).Bits(0xEB8080, 24)
            .Bits(1, 1).Bits(0, 2).Bits(0x108080, 24)
            .Bits(1, 1).Bits(0, 63).Bits(9, 4).ToArray();
        var decoder = new AspeedDecoder(FrameLimits.Default);

        decoder.Decode(_small444, stream);

        var frame = decoder.ToFrame();
        Assert.Equal(new byte[] { 0, 0, 0 }, frame.Pixels[0..3]);
        Assert.Equal(new byte[] { 255, 255, 255 }, frame.Pixels[4..7]);
    }

    [Fact]
    public void A_geometry_change_clears_the_screen_and_the_painted_set()
    {
        var options = new AspeedEncoderOptions();
        var decoder = new AspeedDecoder(FrameLimits.Default);
        decoder.Decode(options.ToFrameParameters(32, 16), AspeedEncoder.Encode(SyntheticScreens.Console(32, 16, seed: 7), options));
        Assert.True(decoder.IsComplete);

        decoder.Decode(options.ToFrameParameters(32, 16) with { Mode420 = true }, new TestBitstream().Bits(9, 4).ToArray());

        Assert.False(decoder.IsComplete);
        Assert.Equal(0, decoder.PaintedBlocks);
        Assert.Equal(2, decoder.TotalBlocks);
        Assert.All(decoder.ToFrame().Pixels.Chunk(4), pixel => Assert.Equal(new byte[] { 0, 0, 0, 255 }, pixel));
    }

    [Fact]
    public void Pass_two_refines_the_pass_one_reference_and_does_not_replace_it()
    {
        // A grey VQ block (Y=128), then two pass-2 blocks that each add +8 to luma: both give 136, not 144.
        var grey = new TestBitstream().Bits(0x5, 4).Bits(1, 1).Bits(0, 2).Bits(0x808080, 24).Bits(9, 4).ToArray();
        var decoder = new AspeedDecoder(FrameLimits.Default);
        decoder.Decode(_small444, grey);
        var passTwo = PassTwoAddingEightToLuma();
        decoder.Decode(_small444 with { AdvanceTableSelector = 11 }, passTwo);
        var once = decoder.ToFrame().Pixels[0];
        decoder.Decode(_small444 with { AdvanceTableSelector = 11 }, passTwo);

        Assert.Equal(YCbCrToRgb.ToRgb(136, 128, 128).Red, once);
        Assert.Equal(once, decoder.ToFrame().Pixels[0]);
    }

    /// <summary>
    /// Positioned pass-2 block at (0,0): Y unit DC = +8 * 8 (a flat +8 after the IDCT) with the selector-11 DC
    /// quantiser 1, chroma units zero.
    /// </summary>
    private static byte[] PassTwoAddingEightToLuma()
    {
        // DC luminance category 7 is code 11110 (5 bits); +64 is 1000000. EOB for AC luminance is 1010.
        // DC chrominance category 0 is 00; EOB for AC chrominance is 00.
        return new TestBitstream().Bits(0xA, 4).Bits(0, 8).Bits(0, 8)
            .Bits(0b11110, 5).Bits(64, 7).Bits(0b1010, 4)
            .Bits(0, 2).Bits(0, 2)
            .Bits(0, 2).Bits(0, 2)
            .Bits(9, 4).ToArray();
    }
}
