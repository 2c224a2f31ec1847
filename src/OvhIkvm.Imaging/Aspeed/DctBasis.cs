namespace OvhIkvm.Imaging.Aspeed;

/// <summary>
/// The orthonormal 8x8 DCT basis of T.81 A.3.3: element [u * 8 + x] is C(u)/2 cos((2x + 1) u pi / 16), with
/// C(0) = 1/sqrt(2) and C(u) = 1 otherwise. Forward DCT is K s K^T, inverse K^T F K.
/// </summary>
public static class DctBasis
{
    private static readonly float[] _values = Create();

    public static ReadOnlySpan<float> Values => _values;

    private static float[] Create()
    {
        var basis = new float[64];
        for (var u = 0; u < 8; u++)
        {
            var scale = u == 0 ? Math.Sqrt(0.5) / 2 : 0.5;
            for (var x = 0; x < 8; x++)
            {
                basis[(u * 8) + x] = (float)(scale * Math.Cos(((2 * x) + 1) * u * Math.PI / 16));
            }
        }

        return basis;
    }
}
