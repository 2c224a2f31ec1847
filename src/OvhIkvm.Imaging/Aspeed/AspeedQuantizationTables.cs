namespace OvhIkvm.Imaging.Aspeed;

/// <summary>
/// The video engine's fixed quantisation tables, in natural (row-major) order, indexed by the 0-11 selector of the
/// frame header (0 is the coarsest). They are the same in ASPEED's codec, the AMI viewer and the kernel driver.
/// </summary>
public static class AspeedQuantizationTables
{
    /// <summary>The largest selector (AST2500 and later; AMI firmware sends 0-7).</summary>
    public const int MaxSelector = 11;

    private static readonly byte[] _luma =
    [
        20, 13, 12, 20, 30, 50, 63, 76, 15, 15, 17, 23, 32, 72, 75, 68, 17, 16, 20, 30, 50, 71, 86, 70, 17, 21, 27, 36, 63, 108, 100, 77,
        22, 27, 46, 70, 85, 136, 128, 96, 30, 43, 68, 80, 101, 130, 141, 115, 61, 80, 97, 108, 128, 151, 150, 126, 90, 115, 118, 122, 140, 125, 128, 123,
        17, 12, 10, 17, 26, 43, 55, 66, 13, 13, 15, 20, 28, 63, 65, 60, 15, 14, 17, 26, 43, 62, 75, 61, 15, 18, 24, 31, 55, 95, 87, 67,
        19, 24, 40, 61, 74, 119, 112, 84, 26, 38, 60, 70, 88, 113, 123, 100, 53, 70, 85, 95, 112, 132, 131, 110, 78, 100, 103, 107, 122, 109, 112, 108,
        14, 9, 9, 14, 21, 36, 46, 55, 10, 10, 12, 17, 23, 52, 54, 49, 12, 11, 14, 21, 36, 51, 62, 50, 12, 15, 19, 26, 46, 78, 72, 56,
        16, 19, 33, 50, 61, 98, 93, 69, 21, 31, 49, 58, 73, 94, 102, 83, 44, 58, 70, 78, 93, 109, 108, 91, 65, 83, 86, 88, 101, 90, 93, 89,
        11, 7, 7, 11, 17, 28, 36, 43, 8, 8, 10, 13, 18, 41, 43, 39, 10, 9, 11, 17, 28, 40, 49, 40, 10, 12, 15, 20, 36, 62, 57, 44,
        12, 15, 26, 40, 48, 78, 74, 55, 17, 25, 39, 46, 58, 74, 81, 66, 35, 46, 56, 62, 74, 86, 86, 72, 51, 66, 68, 70, 80, 71, 74, 71,
        9, 6, 5, 9, 13, 22, 28, 34, 6, 6, 7, 10, 14, 32, 33, 30, 7, 7, 9, 13, 22, 32, 38, 31, 7, 9, 12, 16, 28, 48, 45, 34,
        10, 12, 20, 31, 38, 61, 57, 43, 13, 19, 30, 36, 45, 58, 63, 51, 27, 36, 43, 48, 57, 68, 67, 56, 40, 51, 53, 55, 63, 56, 57, 55,
        6, 4, 3, 6, 9, 15, 19, 22, 4, 4, 5, 7, 9, 21, 22, 20, 5, 4, 6, 9, 15, 21, 25, 21, 5, 6, 8, 10, 19, 32, 30, 23,
        6, 8, 13, 21, 25, 40, 38, 28, 9, 13, 20, 24, 30, 39, 42, 34, 18, 24, 29, 32, 38, 45, 45, 37, 27, 34, 35, 36, 42, 37, 38, 37,
        3, 2, 1, 3, 4, 7, 9, 11, 2, 2, 2, 3, 4, 10, 11, 10, 2, 2, 3, 4, 7, 10, 12, 10, 2, 3, 4, 5, 9, 16, 15, 11,
        3, 4, 6, 10, 12, 20, 19, 14, 4, 6, 10, 12, 15, 19, 21, 17, 9, 12, 14, 16, 19, 22, 22, 18, 13, 17, 17, 18, 21, 18, 19, 18,
        2, 1, 1, 2, 3, 5, 6, 7, 1, 1, 1, 2, 3, 7, 7, 6, 1, 1, 2, 3, 5, 7, 8, 7, 1, 2, 2, 3, 6, 10, 10, 7,
        2, 2, 4, 7, 8, 13, 12, 9, 3, 4, 6, 8, 10, 13, 14, 11, 6, 8, 9, 10, 12, 15, 15, 12, 9, 11, 11, 12, 14, 12, 12, 12,
        2, 1, 1, 2, 3, 5, 6, 7, 1, 1, 1, 2, 3, 7, 7, 6, 1, 1, 2, 3, 5, 7, 8, 7, 1, 2, 2, 3, 6, 10, 10, 7,
        2, 2, 4, 7, 8, 13, 12, 9, 3, 4, 6, 8, 10, 13, 14, 11, 6, 8, 9, 10, 12, 15, 15, 12, 9, 11, 11, 12, 14, 12, 12, 12,
        1, 1, 1, 1, 2, 3, 4, 5, 1, 1, 1, 1, 2, 5, 5, 5, 1, 1, 1, 2, 3, 5, 6, 5, 1, 1, 2, 2, 4, 8, 7, 5,
        1, 2, 3, 5, 6, 10, 9, 7, 2, 3, 5, 6, 7, 9, 10, 8, 4, 6, 7, 8, 9, 11, 11, 9, 6, 8, 8, 9, 10, 9, 9, 9,
        1, 1, 1, 1, 1, 2, 3, 3, 1, 1, 1, 1, 1, 3, 3, 3, 1, 1, 1, 1, 2, 3, 4, 3, 1, 1, 1, 1, 3, 5, 5, 3,
        1, 1, 2, 3, 4, 6, 6, 4, 1, 2, 3, 4, 5, 6, 7, 5, 3, 4, 4, 5, 6, 7, 7, 6, 4, 5, 5, 6, 7, 6, 6, 6,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 2, 1,

        // The last entry is 4 in ASPEED's own codec (one clean-room decoder has 3); the vendor wins.
        1, 1, 1, 1, 2, 3, 3, 2, 1, 1, 1, 2, 2, 3, 3, 2, 1, 2, 2, 2, 3, 3, 3, 3, 2, 2, 2, 3, 3, 3, 3, 4,
    ];

    // Every chroma table is a 4x4 top-left pattern (the top-left triangle of it, really) and one fill value
    // elsewhere; storing the pattern keeps the source readable and the tables impossible to mistype.
    private static readonly byte[] _chromaCorners =
    [
        31, 33, 45, 88, 33, 39, 48, 123, 45, 48, 105, 0, 88, 123, 0, 0,
        27, 29, 39, 76, 29, 34, 42, 107, 39, 42, 91, 0, 76, 107, 0, 0,
        22, 24, 32, 63, 24, 28, 34, 88, 32, 34, 75, 0, 63, 88, 0, 0,
        18, 19, 26, 51, 19, 22, 28, 72, 26, 28, 61, 0, 51, 72, 0, 0,
        13, 14, 19, 38, 14, 17, 21, 53, 19, 21, 45, 0, 38, 53, 0, 0,
        9, 10, 13, 26, 10, 11, 14, 37, 13, 14, 31, 0, 26, 37, 0, 0,
        4, 5, 6, 13, 5, 5, 7, 18, 6, 7, 15, 0, 13, 18, 0, 0,
        3, 3, 4, 8, 3, 3, 4, 12, 4, 4, 10, 0, 8, 12, 0, 0,
        2, 2, 3, 7, 2, 3, 4, 10, 3, 4, 8, 0, 7, 10, 0, 0,
        2, 2, 3, 5, 2, 2, 3, 8, 3, 3, 7, 0, 5, 8, 0, 0,
        1, 1, 2, 4, 1, 1, 2, 6, 2, 2, 5, 0, 4, 6, 0, 0,
        1, 1, 1, 2, 1, 1, 1, 4, 1, 1, 3, 0, 2, 4, 0, 0,
    ];

    private static readonly byte[] _chromaFill = [185, 160, 133, 108, 80, 55, 27, 18, 15, 12, 9, 6];

    private static readonly byte[] _chroma = ExpandChroma();

    /// <summary>The 64 luma quantisers of <paramref name="selector"/>, natural order.</summary>
    public static ReadOnlySpan<byte> Luma(int selector) => _luma.AsSpan(CheckedOffset(selector), 64);

    /// <summary>The 64 chroma quantisers of <paramref name="selector"/>, natural order.</summary>
    public static ReadOnlySpan<byte> Chroma(int selector) => _chroma.AsSpan(CheckedOffset(selector), 64);

    public static bool IsValidSelector(int selector) => selector is >= 0 and <= MaxSelector;

    private static int CheckedOffset(int selector)
    {
        if (!IsValidSelector(selector))
        {
            throw new ImageDecodeException($"quantisation table selector {selector} is outside the range 0 to {MaxSelector}");
        }

        return selector * 64;
    }

    private static byte[] ExpandChroma()
    {
        var tables = new byte[(MaxSelector + 1) * 64];
        for (var selector = 0; selector <= MaxSelector; selector++)
        {
            var table = tables.AsSpan(selector * 64, 64);
            table.Fill(_chromaFill[selector]);
            for (var i = 0; i < 16; i++)
            {
                var corner = _chromaCorners[(selector * 16) + i];
                if (corner != 0)
                {
                    table[((i / 4) * 8) + (i % 4)] = corner;
                }
            }
        }

        return tables;
    }
}
