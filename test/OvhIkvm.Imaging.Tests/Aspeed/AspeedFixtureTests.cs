using OvhIkvm.Imaging.Aspeed;
using OvhIkvm.Testing;

namespace OvhIkvm.Imaging.Tests.Aspeed;

/// <summary>The real Supermicro ATEN capture and the two small vectors of shared/fixtures/ami/README.md.</summary>
public sealed class AspeedFixtureTests
{
    private static readonly AspeedFrameParameters _atenParameters = new(1024, 768, Mode420: true, TableSelector: 5);

    internal static byte[] AtenBitstream() => SharedFixtures.Read("ami", "aten-ast2100-frame4.bin")[4..];

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

        var oracle = TestPngReader.Read(SharedFixtures.PathOf("ami", "aten-ast2100-frame4.approx.png"));
        var frame = decoder.ToFrame();

        Assert.True(ImageComparison.Psnr(oracle, frame) >= 40, $"PSNR {ImageComparison.Psnr(oracle, frame):F1} dB");
        Assert.Equal(1024 * 768, CountOpaque(frame));
    }

    [Fact]
    public void Aten_capture_fixture_prefix_says_selector_5_and_420()
    {
        var prefix = SharedFixtures.Read("ami", "aten-ast2100-frame4.bin")[..4];

        Assert.Equal(new byte[] { 0x05, 0x05, 0x01, 0xA6 }, prefix);
    }

    [Fact]
    public void Positioned_420_vector_paints_exactly_block_6_3()
    {
        var bitstream = Convert.FromHexString("050501a69a3f6080008aa2a8000000900000000000000000")[4..];
        var decoder = new AspeedDecoder(FrameLimits.Default);

        var result = decoder.Decode(_atenParameters, bitstream);

        Assert.Equal(new AspeedDecodeResult(1, ReachedEndOfFrame: true), result);
        Assert.Equal(1, decoder.PaintedBlocks);
        Assert.False(decoder.IsComplete);
        var frame = decoder.ToFrame();
        var (minX, minY, maxX, maxY) = NonBlackBounds(frame);
        Assert.True(maxX >= 0, "the block painted nothing visible");
        Assert.True(minX >= 96 && maxX < 112 && minY >= 48 && maxY < 64, $"painted outside block (6,3): {minX},{minY}..{maxX},{maxY}");
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

    private static (int MinX, int MinY, int MaxX, int MaxY) NonBlackBounds(Frame frame)
    {
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
        for (var y = 0; y < frame.Height; y++)
        {
            var row = frame.Row(y);
            for (var x = 0; x < frame.Width; x++)
            {
                if (row[x * 4] != 0 || row[(x * 4) + 1] != 0 || row[(x * 4) + 2] != 0)
                {
                    (minX, minY, maxX, maxY) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y));
                }
            }
        }

        return (minX, minY, maxX, maxY);
    }
}
