using OvhIkvm.Imaging.Aspeed;

namespace OvhIkvm.Simulators.Aspeed;

/// <summary>
/// The orthonormal 8x8 DCT of T.81 A.3.3 as a matrix product: forward F = K s K^T, inverse s = K^T F K, with K
/// the <see cref="DctBasis"/>. Plain and exact; the encoder is not on the capture path.
/// </summary>
internal static class DctTransform
{
    private static readonly float[] _basis = DctBasis.Values.ToArray();
    private static readonly float[] _transposed = Transpose(_basis);

    public static void Forward(ReadOnlySpan<float> samples, Span<float> coefficients) => Apply(_basis, _transposed, samples, coefficients);

    public static void Inverse(ReadOnlySpan<float> coefficients, Span<float> samples) => Apply(_transposed, _basis, coefficients, samples);

    /// <summary>output = left * input * right.</summary>
    private static void Apply(float[] left, float[] right, ReadOnlySpan<float> input, Span<float> output)
    {
        Span<float> temp = stackalloc float[64];
        for (var r = 0; r < 8; r++)
        {
            for (var c = 0; c < 8; c++)
            {
                var sum = 0f;
                for (var k = 0; k < 8; k++)
                {
                    sum += left[(r * 8) + k] * input[(k * 8) + c];
                }

                temp[(r * 8) + c] = sum;
            }
        }

        for (var r = 0; r < 8; r++)
        {
            for (var c = 0; c < 8; c++)
            {
                var sum = 0f;
                for (var k = 0; k < 8; k++)
                {
                    sum += temp[(r * 8) + k] * right[(k * 8) + c];
                }

                output[(r * 8) + c] = sum;
            }
        }
    }

    private static float[] Transpose(float[] matrix)
    {
        var transposed = new float[64];
        for (var r = 0; r < 8; r++)
        {
            for (var c = 0; c < 8; c++)
            {
                transposed[(c * 8) + r] = matrix[(r * 8) + c];
            }
        }

        return transposed;
    }
}
