using System.Runtime.Intrinsics;

namespace OvhIkvm.Imaging.Aspeed;

/// <summary>
/// The 8x8 inverse DCT of T.81 A.3.3 in single precision, as two separable passes of eight-lane vector
/// multiply-adds. Rows whose coefficients are all zero are skipped, which is most of them on console screens.
/// </summary>
/// <remarks>
/// The reference decoders use IJG's 8-bit fixed-point AAN transform, which errs by up to 5 levels; this one is
/// exact to rounding, costs about the same with vectors, and needs no overflow reasoning on hostile input.
/// </remarks>
internal static class AspeedInverseDct
{
    // _basis[u] is row u of the DCT basis as a vector over x: one term of the separable transform.
    private static readonly Vector256<float>[] _basis = CreateBasisVectors();

    /// <summary>Transforms dequantised coefficients (natural order) into 64 level-shifted, clamped samples.</summary>
    public static void Transform(ReadOnlySpan<float> coefficients, Span<byte> samples)
    {
        Span<Vector256<float>> rows = stackalloc Vector256<float>[8];
        var nonZeroRows = 0;
        for (var v = 0; v < 8; v++)
        {
            var row = coefficients.Slice(v * 8, 8);
            var sum = Vector256<float>.Zero;
            var any = false;
            for (var u = 0; u < 8; u++)
            {
                if (row[u] != 0)
                {
                    sum += _basis[u] * row[u];
                    any = true;
                }
            }

            rows[v] = sum;
            nonZeroRows |= any ? 1 << v : 0;
        }

        // +128.5 then truncation: the level shift and round-half-up in one step (negatives clamp to 0 anyway).
        // Four rows at a time narrow from int to byte in lane order, so one 32-byte store writes half the unit.
        Span<Vector256<int>> output = stackalloc Vector256<int>[4];
        for (var half = 0; half < 2; half++)
        {
            for (var i = 0; i < 4; i++)
            {
                output[i] = RowSamples(rows, nonZeroRows, (half * 4) + i);
            }

            var bytes = Vector256.Narrow(
                Vector256.Narrow(output[0], output[1]).AsUInt16(),
                Vector256.Narrow(output[2], output[3]).AsUInt16());
            bytes.CopyTo(samples.Slice(half * 32, 32));
        }
    }

    private static Vector256<int> RowSamples(ReadOnlySpan<Vector256<float>> rows, int nonZeroRows, int y)
    {
        var sum = Vector256.Create(128.5f);
        for (var mask = nonZeroRows; mask != 0; mask &= mask - 1)
        {
            var v = System.Numerics.BitOperations.TrailingZeroCount(mask);
            sum += rows[v] * DctBasis.Values[(v * 8) + y];
        }

        return Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(sum, Vector256<float>.Zero), Vector256.Create(255f)));
    }

    private static Vector256<float>[] CreateBasisVectors()
    {
        var vectors = new Vector256<float>[8];
        for (var u = 0; u < 8; u++)
        {
            vectors[u] = Vector256.Create(DctBasis.Values.Slice(u * 8, 8));
        }

        return vectors;
    }
}
