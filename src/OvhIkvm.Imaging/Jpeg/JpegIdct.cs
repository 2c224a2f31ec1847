namespace OvhIkvm.Imaging.Jpeg;

/// <summary>
/// The accurate integer 8x8 inverse DCT (Loeffler, Ligtenberg and Moschytz, 1989): 12 multiplies per 1-D pass,
/// 13-bit fixed-point constants, two extra bits of precision between the passes. It is the algorithm libjpeg
/// calls "islow", the default of djpeg, so our pixels match the reference decoder's rounding almost everywhere.
/// </summary>
internal static class JpegIdct
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;

    // round(x * 2^13) for the rotations the factorisation needs.
    private const int Fix0298631336 = 2446;
    private const int Fix0390180644 = 3196;
    private const int Fix0541196100 = 4433;
    private const int Fix0765366865 = 6270;
    private const int Fix0899976223 = 7373;
    private const int Fix1175875602 = 9633;
    private const int Fix1501321110 = 12299;
    private const int Fix1847759065 = 15137;
    private const int Fix1961570560 = 16069;
    private const int Fix2053119869 = 16819;
    private const int Fix2562915447 = 20995;
    private const int Fix3072711026 = 25172;

    /// <summary>
    /// Transforms dequantised coefficients (natural order) into 8x8 level-shifted, clamped samples written at
    /// <paramref name="output"/> with <paramref name="stride"/> bytes between rows.
    /// </summary>
    public static void Transform(Span<int> coefficients, Span<byte> output, int stride)
    {
        // Columns first, in place, scaled up by 2^Pass1Bits.
        for (var column = 0; column < 8; column++)
        {
            var c = coefficients[column..];
            if ((c[8] | c[16] | c[24] | c[32] | c[40] | c[48] | c[56]) == 0)
            {
                // A column with only its DC term is flat; most columns of a real image are.
                var dc = c[0] << Pass1Bits;
                c[0] = dc;
                c[8] = dc;
                c[16] = dc;
                c[24] = dc;
                c[32] = dc;
                c[40] = dc;
                c[48] = dc;
                c[56] = dc;
                continue;
            }

            Butterfly(c[0], c[8], c[16], c[24], c[32], c[40], c[48], c[56], ConstBits - Pass1Bits, 0,
                out c[0], out c[8], out c[16], out c[24], out c[32], out c[40], out c[48], out c[56]);
        }

        // Then rows, removing both scalings, the factor 8 of the 2-D transform, and the level shift.
        const int Shift = ConstBits + Pass1Bits + 3;
        for (var row = 0; row < 8; row++)
        {
            var r = coefficients.Slice(row * 8, 8);
            var target = output.Slice(row * stride, 8);
            Butterfly(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], Shift, 128,
                out var o0, out var o1, out var o2, out var o3, out var o4, out var o5, out var o6, out var o7);
            target[0] = Clamp(o0);
            target[1] = Clamp(o1);
            target[2] = Clamp(o2);
            target[3] = Clamp(o3);
            target[4] = Clamp(o4);
            target[5] = Clamp(o5);
            target[6] = Clamp(o6);
            target[7] = Clamp(o7);
        }
    }

    /// <summary>
    /// The output of <see cref="Transform"/> for a block whose only non-zero coefficient is the DC term: the same
    /// arithmetic (scaled by 2^Pass1Bits, then descaled with rounding), so results are identical.
    /// </summary>
    public static void FillFlat(int dc, Span<byte> output, int stride)
    {
        const int Shift = ConstBits + Pass1Bits + 3;
        var value = Clamp((int)(((long)(dc << Pass1Bits) << ConstBits) + (1 << (Shift - 1)) >> Shift) + 128);
        for (var row = 0; row < 8; row++)
        {
            output.Slice(row * stride, 8).Fill(value);
        }
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);

    private static void Butterfly(
        int in0, int in1, int in2, int in3, int in4, int in5, int in6, int in7, int shift, int offset,
        out int out0, out int out1, out int out2, out int out3, out int out4, out int out5, out int out6, out int out7)
    {
        // Even part: the rotation of inputs 2 and 6, then the sum and difference of inputs 0 and 4.
        var z1 = (in2 + in6) * Fix0541196100;
        var tmp2 = z1 - (in6 * Fix1847759065);
        var tmp3 = z1 + (in2 * Fix0765366865);
        var tmp0 = (in0 + in4) << ConstBits;
        var tmp1 = (in0 - in4) << ConstBits;

        // The rounding for the final shift rides on the even part, so each output adds it once.
        var rounding = (1 << (shift - 1)) + (offset << shift);
        var tmp10 = tmp0 + tmp3 + rounding;
        var tmp13 = tmp0 - tmp3 + rounding;
        var tmp11 = tmp1 + tmp2 + rounding;
        var tmp12 = tmp1 - tmp2 + rounding;

        // Odd part: inputs 7, 5, 3, 1 through the shared rotations of the LL&M flow graph.
        var o0 = in7;
        var o1 = in5;
        var o2 = in3;
        var o3 = in1;
        var y1 = o0 + o3;
        var y2 = o1 + o2;
        var y3 = o0 + o2;
        var y4 = o1 + o3;
        var y5 = (y3 + y4) * Fix1175875602;

        o0 *= Fix0298631336;
        o1 *= Fix2053119869;
        o2 *= Fix3072711026;
        o3 *= Fix1501321110;
        y1 *= -Fix0899976223;
        y2 *= -Fix2562915447;
        y3 = (y3 * -Fix1961570560) + y5;
        y4 = (y4 * -Fix0390180644) + y5;

        o0 += y1 + y3;
        o1 += y2 + y4;
        o2 += y2 + y3;
        o3 += y1 + y4;

        out0 = (tmp10 + o3) >> shift;
        out7 = (tmp10 - o3) >> shift;
        out1 = (tmp11 + o2) >> shift;
        out6 = (tmp11 - o2) >> shift;
        out2 = (tmp12 + o1) >> shift;
        out5 = (tmp12 - o1) >> shift;
        out3 = (tmp13 + o0) >> shift;
        out4 = (tmp13 - o0) >> shift;
    }
}
