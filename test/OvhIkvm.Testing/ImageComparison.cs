using OvhIkvm.Imaging;

namespace OvhIkvm.Testing;

/// <summary>Pixel comparisons for codec and capture tests.</summary>
public static class ImageComparison
{
    /// <summary>Peak signal-to-noise ratio over the R, G and B channels, in dB; +infinity when identical.</summary>
    public static double Psnr(Frame expected, Frame actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        return Psnr(expected.Pixels, actual.Pixels, Frame.BytesPerPixel, 3);
    }

    /// <summary>PSNR over interleaved samples: the first <paramref name="channels"/> of every <paramref name="stride"/> bytes.</summary>
    public static double Psnr(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, int stride, int channels)
    {
        Assert.Equal(expected.Length, actual.Length);
        double sumSquares = 0;
        long samples = 0;
        for (var i = 0; i < expected.Length; i += stride)
        {
            for (var c = 0; c < channels; c++)
            {
                var d = expected[i + c] - actual[i + c];
                sumSquares += d * d;
                samples++;
            }
        }

        if (sumSquares == 0)
        {
            return double.PositiveInfinity;
        }

        var mse = sumSquares / samples;
        return 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>Asserts identical pixels, reporting the first difference.</summary>
    public static void AssertIdentical(Frame expected, Frame actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        var a = expected.Pixels;
        var b = actual.Pixels;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                var pixel = i / Frame.BytesPerPixel;
                Assert.Fail($"First difference at ({pixel % expected.Width},{pixel / expected.Width}) channel {i % Frame.BytesPerPixel}: expected {a[i]}, got {b[i]}.");
            }
        }
    }
}
