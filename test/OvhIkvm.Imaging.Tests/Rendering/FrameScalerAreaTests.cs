using OvhIkvm.Imaging.Rendering;

namespace OvhIkvm.Imaging.Tests.Rendering;

/// <summary>
/// The vectorised area filter against the straightforward scalar algorithm it replaced, kept here as the reference:
/// every output byte must be the same, whatever the vector width, tail length or tap count.
/// </summary>
public sealed class FrameScalerAreaTests
{
    public static TheoryData<int, int, int, int> SizePairs() => new()
    {
        { 1024, 768, 1568, 1176 }, // the default vision scale, 1.53x up
        { 1920, 1080, 1568, 882 }, // down, non-integer
        { 3840, 2160, 1568, 882 }, // down 2.45x: three-tap windows
        { 800, 600, 1600, 1200 }, // exactly 2x up
        { 1600, 1200, 800, 600 }, // exactly 2x down
        { 4096, 3, 4096, 5 }, // 4096-wide, same width: single-tap columns
        { 4096, 2, 1571, 1 }, // 4096-wide down to an odd width
        { 7, 5, 4096, 3 }, // tiny source to 4096 wide
        { 1, 1, 1, 1 },
        { 1, 1, 9, 7 }, // one pixel up
        { 9, 7, 1, 1 }, // down to one pixel: the whole frame in one window
        { 1, 17, 3, 5 },
        { 17, 1, 5, 3 },
        { 33, 31, 7, 9 }, // odd sizes, rows shorter than two vectors
        { 61, 47, 67, 43 }, // odd, slightly up one way and down the other
        { 640, 480, 639, 481 },
        { 1000, 3, 37, 2 }, // 27-tap windows
    };

    [Theory]
    [MemberData(nameof(SizePairs))]
    public void Area_rows_match_the_scalar_reference_byte_for_byte(int sourceWidth, int sourceHeight, int width, int height)
    {
        var source = RandomFrame(sourceWidth, sourceHeight, seed: (sourceWidth * 31) + height);

        var actual = FrameScaler.Area(source, width, height).ToFrame();

        var expected = ReferenceArea(source, width, height);
        Assert.Equal(expected.Length, actual.Pixels.Length);
        var mismatch = actual.Pixels.AsSpan().CommonPrefixLength(expected);
        Assert.True(mismatch == expected.Length, $"first difference at byte {mismatch} (pixel {mismatch / 4 % width}, {mismatch / 4 / width})");
    }

    [Fact]
    public void Area_rows_read_again_from_the_top_match_the_reference()
    {
        var source = RandomFrame(301, 203, seed: 5);
        var rows = FrameScaler.Area(source, 257, 311);
        var expected = ReferenceArea(source, 257, 311);
        var rowBytes = 257 * Frame.BytesPerPixel;

        // Readers may start over (the PNG encoder's second attempt): the ring must be refilled, not reused stale.
        _ = rows.Row(200).ToArray();
        foreach (var y in new[] { 3, 4, 4, 310, 0 })
        {
            Assert.True(rows.Row(y).SequenceEqual(expected.AsSpan(y * rowBytes, rowBytes)), $"row {y}");
        }
    }

    private static Frame RandomFrame(int width, int height, int seed)
    {
        // Random alpha too: the output is opaque whatever the source alpha.
        var pixels = new byte[width * height * Frame.BytesPerPixel];
        new Random(seed).NextBytes(pixels);
        return new Frame(width, height, pixels);
    }

    // The algorithm before vectorisation: a whole-image horizontal pass, then a vertical one, channel by channel.
    private static byte[] ReferenceArea(Frame source, int width, int height)
    {
        const int one = 1 << 14;
        var (columnFirst, columnWeights) = ReferenceWeights(source.Width, width);
        var (rowFirst, rowWeights) = ReferenceWeights(source.Height, height);
        var horizontal = new int[source.Height, width, 3];
        for (var y = 0; y < source.Height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = one / 2;
                    for (var t = 0; t < columnWeights[x].Length; t++)
                    {
                        sum += source.Pixels[(((y * source.Width) + columnFirst[x] + t) * 4) + c] * columnWeights[x][t];
                    }

                    horizontal[y, x, c] = sum >> 14;
                }
            }
        }

        var output = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var o = ((y * width) + x) * 4;
                for (var c = 0; c < 3; c++)
                {
                    var sum = one / 2;
                    for (var t = 0; t < rowWeights[y].Length; t++)
                    {
                        sum += horizontal[rowFirst[y] + t, x, c] * rowWeights[y][t];
                    }

                    output[o + c] = (byte)(sum >> 14);
                }

                output[o + 3] = 255;
            }
        }

        return output;
    }

    private static (int[] First, int[][] Weights) ReferenceWeights(int sourceLength, int targetLength)
    {
        var scale = (double)sourceLength / targetLength;
        var first = new int[targetLength];
        var weights = new int[targetLength][];
        for (var i = 0; i < targetLength; i++)
        {
            var left = i * scale;
            var right = Math.Min(sourceLength, (i + 1) * scale);
            first[i] = (int)Math.Floor(left);
            var last = Math.Min(sourceLength - 1, (int)Math.Ceiling(right) - 1);
            weights[i] = new int[last - first[i] + 1];
            var largest = 0;
            for (var j = first[i]; j <= last; j++)
            {
                var coverage = Math.Min(right, j + 1) - Math.Max(left, j);
                var weight = weights[i][j - first[i]] = (int)Math.Round(coverage / (right - left) * (1 << 14));
                if (weight > weights[i][largest])
                {
                    largest = j - first[i];
                }
            }

            weights[i][largest] += (1 << 14) - weights[i].Sum();
        }

        return (first, weights);
    }
}
