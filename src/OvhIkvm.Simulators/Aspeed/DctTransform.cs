using OvhIkvm.Imaging.Aspeed;

namespace OvhIkvm.Simulators.Aspeed;

/// <summary>
/// The orthonormal 8x8 DCT of T.81 A.3.3 as a matrix product: forward F = K s K^T, inverse s = K^T F K, where
/// K[u, x] = C(u)/2 cos((2x + 1) u pi / 16). Plain and exact; the encoder is not on the capture path.
/// </summary>
internal static class DctTransform
{
    public static void Forward(ReadOnlySpan<float> samples, Span<float> coefficients) => Apply(samples, coefficients, inverse: false);

    public static void Inverse(ReadOnlySpan<float> coefficients, Span<float> samples) => Apply(coefficients, samples, inverse: true);

    private static void Apply(ReadOnlySpan<float> input, Span<float> output, bool inverse)
    {
        Span<float> temp = stackalloc float[64];

        // temp = M * input, then output = temp * M^T, with M = K (forward) or K^T (inverse).
        for (var r = 0; r < 8; r++)
        {
            for (var c = 0; c < 8; c++)
            {
                var sum = 0f;
                for (var k = 0; k < 8; k++)
                {
                    sum += Matrix(r, k, inverse) * input[(k * 8) + c];
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
                    sum += temp[(r * 8) + k] * Matrix(c, k, inverse);
                }

                output[(r * 8) + c] = sum;
            }
        }
    }

    private static float Matrix(int row, int column, bool transposed) =>
        transposed ? DctBasis.Values[(column * 8) + row] : DctBasis.Values[(row * 8) + column];
}
