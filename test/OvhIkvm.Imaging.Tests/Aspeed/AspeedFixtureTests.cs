using OvhIkvm.Imaging.Aspeed;
using OvhIkvm.Testing;

namespace OvhIkvm.Imaging.Tests.Aspeed;

/// <summary>The real Supermicro ATEN capture and the two small vectors of test/fixtures/ami/README.md.</summary>
public sealed class AspeedFixtureTests
{
    private static readonly AspeedFrameParameters _atenParameters = new(1024, 768, Mode420: true, TableSelector: 5);

    internal static byte[] AtenBitstream() => TestFixtures.Read("ami", "aten-ast2100-frame4.bin")[4..];

    [Fact]
    public void Aten_capture_decodes_to_3072_blocks_then_end_of_frame()
    {
        var decoder = new AspeedDecoder(FrameLimits.Default);

        var result = decoder.Decode(_atenParameters, AtenBitstream());

        Assert.Equal(new AspeedDecodeResult(3072, ReachedEndOfFrame: true), result);
        Assert.True(decoder.IsComplete);
        Assert.Equal(3072, decoder.PaintedBlocks);
    }

    [Fact]
    public void Aten_capture_matches_the_oracle_png_within_40_dB()
    {
        var decoder = new AspeedDecoder(FrameLimits.Default);
        decoder.Decode(_atenParameters, AtenBitstream());

        var oracle = PngReader.Read(TestFixtures.Read("ami", "aten-ast2100-frame4.approx.png")).Frame;
        var frame = decoder.ToFrame();

        Assert.True(ImageComparison.Psnr(oracle, frame) >= 40, $"PSNR {ImageComparison.Psnr(oracle, frame):F1} dB");
        Assert.Equal(1024 * 768, CountOpaque(frame));
    }

    [Fact]
    public void Aten_capture_fixture_prefix_says_selector_5_and_420()
    {
        var prefix = TestFixtures.Read("ami", "aten-ast2100-frame4.bin")[..4];

        Assert.Equal(new byte[] { 0x05, 0x05, 0x01, 0xA6 }, prefix);
    }

    [Fact]
    public void Positioned_420_vector_repaints_only_block_6_3_over_the_aten_screen()
    {
        var bitstream = Convert.FromHexString("050501a69a3f6080008aa2a8000000900000000000000000")[4..];
        var decoder = new AspeedDecoder(FrameLimits.Default);
        decoder.Decode(_atenParameters, AtenBitstream());
        var before = decoder.ToFrame();

        var result = decoder.Decode(_atenParameters, bitstream);

        Assert.Equal(new AspeedDecodeResult(1, ReachedEndOfFrame: true), result);
        var after = decoder.ToFrame();
        var changedInside = 0;
        for (var y = 0; y < after.Height; y++)
        {
            for (var x = 0; x < after.Width; x++)
            {
                var inside = x is >= 6 * 16 and < 7 * 16 && y is >= 3 * 16 and < 4 * 16;
                var changed = !after.Row(y).Slice(x * 4, 4).SequenceEqual(before.Row(y).Slice(x * 4, 4));
                Assert.False(changed && !inside, $"pixel ({x},{y}) outside block (6,3) changed");
                changedInside += changed ? 1 : 0;

                // The update blanks the character cell that the full frame drew there.
                Assert.True(!inside || after.Row(y)[x * 4] == 0, $"pixel ({x},{y}) of the cleared cell is not black");
            }
        }

        Assert.True(changedInside > 0, "block (6,3) was not repainted");
    }

    [Fact]
    public void Vq_vector_paints_a_cursor_dark_on_top_light_at_the_bottom()
    {
        var bitstream = Convert.FromHexString(
            "0b0b01bc45fbc5e020040101ffff3f20c0ffffff0000240000000000000000005028140a0000000000000000")[4..];
        var decoder = new AspeedDecoder(FrameLimits.Default);

        var result = decoder.Decode(new AspeedFrameParameters(1024, 768, Mode420: false, TableSelector: 11, AdvanceTableSelector: 11), bitstream);

        Assert.Equal(new AspeedDecodeResult(1, ReachedEndOfFrame: true), result);
        var frame = decoder.ToFrame();
        for (var row = 0; row < 8; row++)
        {
            // 0x108080 is Y=16 (black); 0xA28080 is Y=162, 1.164 * 146 = 169.9 -> 170.
            byte expected = row < 6 ? (byte)0 : (byte)170;
            for (var column = 0; column < 8; column++)
            {
                var pixel = frame.Row((0x5F * 8) + row).Slice(((0x0C * 8) + column) * 4, 4);
                Assert.Equal([expected, expected, expected, 255], pixel.ToArray());
            }
        }
    }

    private static int CountOpaque(Frame frame)
    {
        var count = 0;
        for (var i = 3; i < frame.Pixels.Length; i += 4)
        {
            count += frame.Pixels[i] == 255 ? 1 : 0;
        }

        return count;
    }
}
