using System.Globalization;

namespace OvhIkvm.Imaging.Text;

/// <summary>What a text console says, read from its pixels by <see cref="ConsoleTextRecognizer"/>.</summary>
/// <param name="Rows">One string per row of cells, top to bottom, trailing blanks trimmed; an unreadable cell is U+FFFD.</param>
/// <param name="Grid">Where the cells are.</param>
/// <param name="FontName">The font the glyphs matched, e.g. "VGA 8x16".</param>
/// <param name="TextCells">Cells that were not blank.</param>
/// <param name="UnmatchedCells">Non-blank cells no glyph matched (shown as U+FFFD).</param>
public sealed record ConsoleText(IReadOnlyList<string> Rows, TextGrid Grid, string FontName, int TextCells, int UnmatchedCells)
{
    /// <summary>Shown for a cell no glyph of the font matched.</summary>
    public const char ReplacementCharacter = '\uFFFD';

    /// <summary>The share of non-blank cells a glyph matched, 0 to 1.</summary>
    public double RecognisedShare => TextCells == 0 ? 1 : (double)(TextCells - UnmatchedCells) / TextCells;

    /// <summary>The rows as lines, without the blank rows at the bottom.</summary>
    public string Text
    {
        get
        {
            var last = Rows.Count - 1;
            while (last >= 0 && Rows[last].Length == 0)
            {
                last--;
            }

            return string.Join('\n', Rows.Take(last + 1));
        }
    }

    /// <summary>One line for people and models: grid, font and how much was recognised.</summary>
    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"{Grid.Columns}x{Grid.Rows} text grid of {Grid.CellWidth}x{Grid.CellHeight} cells, font {FontName}, {RecognisedShare:P1} of {TextCells} non-blank cells recognised");
}
