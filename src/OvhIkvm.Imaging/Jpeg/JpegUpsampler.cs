namespace OvhIkvm.Imaging.Jpeg;

/// <summary>
/// Brings a subsampled chroma plane to full resolution with the triangle ("fancy") filter of libjpeg: each output
/// sample weighs its nearest input 3/4 and the next one 1/4, per axis, with the same alternating rounding biases,
/// so our output matches djpeg's default. Edges replicate the outermost sample.
/// </summary>
internal static class JpegUpsampler
{
    /// <summary>Returns a plane of <paramref name="width"/> x <paramref name="height"/> samples (stride = width).</summary>
    public static byte[] Upsample(JpegComponent component, int width, int height, int maxH, int maxV)
    {
        var doubleH = component.HorizontalSampling < maxH;
        var doubleV = component.VerticalSampling < maxV;
        var output = new byte[width * height];
        var source = component.Plane;
        var stride = component.PlaneStride;
        var inWidth = component.Width;
        var inHeight = component.Height;

        if (!doubleV)
        {
            for (var y = 0; y < height; y++)
            {
                UpsampleRowH2(source.AsSpan(y * stride, inWidth), output.AsSpan(y * width, width));
            }

            return output;
        }

        // Vertical (and maybe horizontal) doubling: output row y sits between input rows near = y/2 and far.
        Span<int> columnSums = inWidth <= 2048 ? stackalloc int[inWidth] : new int[inWidth];
        for (var y = 0; y < height; y++)
        {
            var near = y >> 1;
            var upper = (y & 1) == 0;
            var far = Math.Clamp(upper ? near - 1 : near + 1, 0, inHeight - 1);
            var nearRow = source.AsSpan(near * stride, inWidth);
            var farRow = source.AsSpan(far * stride, inWidth);
            for (var x = 0; x < inWidth; x++)
            {
                columnSums[x] = (nearRow[x] * 3) + farRow[x];
            }

            var target = output.AsSpan(y * width, width);
            if (doubleH)
            {
                UpsampleSumsH2(columnSums, target);
            }
            else
            {
                // libjpeg-turbo's h1v2 filter: bias 1 for the upper output row, 2 for the lower.
                var bias = upper ? 1 : 2;
                for (var x = 0; x < width; x++)
                {
                    target[x] = (byte)((columnSums[x] + bias) >> 2);
                }
            }
        }

        return output;
    }

    private static void UpsampleRowH2(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var last = input.Length - 1;
        for (var x = 0; x < output.Length; x++)
        {
            var i = x >> 1;
            if ((x & 1) == 0)
            {
                output[x] = i == 0 ? input[0] : (byte)(((input[i] * 3) + input[i - 1] + 1) >> 2);
            }
            else
            {
                output[x] = i == last ? input[last] : (byte)(((input[i] * 3) + input[i + 1] + 2) >> 2);
            }
        }
    }

    private static void UpsampleSumsH2(ReadOnlySpan<int> sums, Span<byte> output)
    {
        var last = sums.Length - 1;
        for (var x = 0; x < output.Length; x++)
        {
            var i = x >> 1;
            if ((x & 1) == 0)
            {
                output[x] = (byte)(i == 0 ? ((sums[0] * 4) + 8) >> 4 : ((sums[i] * 3) + sums[i - 1] + 8) >> 4);
            }
            else
            {
                output[x] = (byte)(i == last ? ((sums[last] * 4) + 7) >> 4 : ((sums[i] * 3) + sums[i + 1] + 7) >> 4);
            }
        }
    }
}
