namespace OvhIkvm.Testing;

/// <summary>
/// How far recognised console rows agree with a transcript, cell by cell: cells where either side is not blank are
/// compared, so a missing character and an invented one both count against the reading.
/// </summary>
/// <param name="Compared">Cells where the transcript or the reading is not blank.</param>
/// <param name="Agreeing">Of those, cells that read as the transcript's character.</param>
public sealed record TextAgreement(int Compared, int Agreeing)
{
    public double Share => Compared == 0 ? 1 : (double)Agreeing / Compared;

    public static TextAgreement Of(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        int compared = 0, agreeing = 0;
        for (var row = 0; row < Math.Max(expected.Count, actual.Count); row++)
        {
            var want = row < expected.Count ? expected[row] : string.Empty;
            var got = row < actual.Count ? actual[row] : string.Empty;
            for (var column = 0; column < Math.Max(want.Length, got.Length); column++)
            {
                var a = column < want.Length ? want[column] : ' ';
                var b = column < got.Length ? got[column] : ' ';
                if (a == ' ' && b == ' ')
                {
                    continue;
                }

                compared++;
                agreeing += a == b ? 1 : 0;
            }
        }

        return new TextAgreement(compared, agreeing);
    }

    /// <summary>Each row that differs, transcript above reading, for a failure message.</summary>
    public static string Differences(IReadOnlyList<string> expected, IReadOnlyList<string> actual) => string.Join(
        '\n',
        Enumerable.Range(0, Math.Max(expected.Count, actual.Count))
            .Where(row => (row < expected.Count ? expected[row] : string.Empty) != (row < actual.Count ? actual[row] : string.Empty))
            .Select(row => $"row {row}:\n  want |{(row < expected.Count ? expected[row] : string.Empty)}|\n  got  |{(row < actual.Count ? actual[row] : string.Empty)}|"));
}
