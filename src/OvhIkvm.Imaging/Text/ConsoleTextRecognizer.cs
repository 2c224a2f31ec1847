using System.Runtime.InteropServices;
using System.Text;
using OvhIkvm.Imaging.Text.Fonts;

namespace OvhIkvm.Imaging.Text;

/// <summary>
/// Reads the text of a character-cell console (VGA text mode, a Linux framebuffer console, BIOS and GRUB screens)
/// from a frame, exactly or not at all.
/// </summary>
/// <remarks>
/// <para>Three steps. The grid: every pixel is compared with its left and upper neighbours; the per-column and per-row
/// change counts, folded by each candidate cell size (8 or 9 wide, each font's height), are correlated with each
/// font's own profile (<see cref="CellProfile"/>), which gives the grid's phase whatever the margins. The cells: each
/// is binarised against its own background (<see cref="CellBinarizer"/>). The font: each candidate grid is read on a
/// sample of its rows with every font of that height, the grid and font matching the most cells win, and the whole
/// screen is then read with them (<see cref="GlyphMatcher"/>).</para>
/// <para>Confidence first: text is returned only when at least <see cref="MinimumRecognisedShare"/> of the non-blank
/// cells match a glyph and at least <see cref="MinimumLetterCells"/> of them are letters or digits (line drawing
/// and shade glyphs alone are what a photo's or a gradient's edges can imitate). Otherwise the frame is graphical,
/// or in a font this library lacks, and the answer is <see langword="null"/>. Stateless and thread-safe.</para>
/// </remarks>
public sealed class ConsoleTextRecognizer
{
    /// <summary>The share of non-blank cells that must match a glyph before any text is returned.</summary>
    public const double MinimumRecognisedShare = 0.97;

    /// <summary>Letters or digits a screen must show before it counts as text.</summary>
    public const int MinimumLetterCells = 4;

    // Neighbouring pixels this far apart (sum of R, G, B distances) are an edge; codec noise is well below.
    private const int ChangeThreshold = 64;

    // Per font profile, the best 2 column phases x 6 row phases become candidate grids (a sparse screen leaves the
    // true row phase behind a near miss); the best 16 distinct grids are read.
    private const int GridsToTry = 16;

    // A cell whose strongest pixel is under a third of its row's strongest is blank (dark grey text beside white
    // is still a third of it; ringing stays below).
    private const int RingingShare = 3;

    private const int ColumnPhasesToTry = 2;

    private const int RowPhasesToTry = 6;

    // Candidate grids are compared on FirstRoundRows rows of cells, the best Finalists of them on SampledRows, then
    // the winner is read in full.
    private const int FirstRoundRows = 4;

    private const int Finalists = 3;

    private const int SampledRows = 12;

    // A sample whose misses pass a fifth of its cells cannot be a text screen.
    private const int AbandonShare = 5;

    private static readonly int[] CellWidths = [8, 9];

    private readonly GlyphMatcher[] _matchers;
    private readonly CellProfile[] _profiles;

    public ConsoleTextRecognizer()
        : this(ConsoleFontLibrary.All)
    {
    }

    /// <param name="fonts">The fonts to try, the preferred first (it wins a tie).</param>
    public ConsoleTextRecognizer(IReadOnlyList<BitmapFont> fonts)
    {
        ArgumentNullException.ThrowIfNull(fonts);
        if (fonts.Count == 0)
        {
            throw new ArgumentException("The recogniser needs at least one font.", nameof(fonts));
        }

        _matchers = [.. fonts.Select(font => new GlyphMatcher(font))];
        _profiles = [.. fonts.SelectMany(font => CellWidths.Select(width => CellProfile.Of(font, width)))];
    }

    /// <summary>The console's text, or <see langword="null"/> when the frame is not a text console this can read with confidence.</summary>
    public ConsoleText? Recognize(Frame frame)
    {
        var reading = ReadBestEffort(frame, out var letterCells);
        return reading is null || reading.TextCells == 0 || reading.RecognisedShare < MinimumRecognisedShare || letterCells < MinimumLetterCells
            ? null
            : reading;
    }

    /// <summary>The best grid and font's reading whatever its confidence (for diagnostics and the accuracy tables).</summary>
    internal ConsoleText? ReadBestEffort(Frame frame, out int letterCells)
    {
        letterCells = 0;
        ArgumentNullException.ThrowIfNull(frame);
        var pixels = MemoryMarshal.Cast<byte, uint>(frame.Pixels.AsSpan());
        var columnChanges = new long[frame.Width];
        var rowChanges = new long[frame.Height];
        CountChanges(pixels, frame.Width, frame.Height, columnChanges, rowChanges);

        // Two rounds: every candidate grid on a few rows of cells, then the best few on more.
        var finalists = new List<Reading>();
        foreach (var grid in CandidateGrids(frame, columnChanges, rowChanges))
        {
            var reading = Read(pixels, frame.Width, grid, SampleRows(grid, rowChanges, FirstRoundRows), _matchers, abandonEarly: true);
            if (reading is not null)
            {
                finalists.Add(reading);
            }
        }

        Reading? best = null;
        foreach (var finalist in finalists.OrderByDescending(reading => reading.Score).Take(Finalists))
        {
            var reading = Read(pixels, frame.Width, finalist.Grid, SampleRows(finalist.Grid, rowChanges, SampledRows), _matchers, abandonEarly: true);
            if (reading is not null && (best is null || reading.Score > best.Score))
            {
                best = reading;
            }
        }

        // A sample that already misses a tenth of its cells will not reach MinimumRecognisedShare: spare the full read.
        if (best is null || best.TextCells == 0 || best.MatchedCells * 10 < best.TextCells * 9)
        {
            return null;
        }

        var full = Read(pixels, frame.Width, best.Grid, Enumerable.Range(0, best.Grid.Rows), [best.Matcher], abandonEarly: false);
        if (full is null)
        {
            return null;
        }

        letterCells = full.LetterCells;
        return new ConsoleText(full.Rows(), full.Grid, full.Matcher.Font.Name, full.TextCells, full.TextCells - full.MatchedCells);
    }

    private static void CountChanges(ReadOnlySpan<uint> pixels, int width, int height, Span<long> columnChanges, Span<long> rowChanges)
    {
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * width, width);
            var horizontal = 0;
            var previous = row[0];
            if (y == 0)
            {
                for (var x = 1; x < width; x++)
                {
                    var pixel = row[x];
                    horizontal += pixel != previous && CellBinarizer.Distance(pixel, previous) > ChangeThreshold ? 1 : 0;
                    previous = pixel;
                }
            }
            else
            {
                var above = pixels.Slice((y - 1) * width, width);
                for (var x = 0; x < width; x++)
                {
                    var pixel = row[x];
                    horizontal += pixel != previous && CellBinarizer.Distance(pixel, previous) > ChangeThreshold ? 1 : 0;
                    var up = above[x];
                    columnChanges[x] += pixel != up && CellBinarizer.Distance(pixel, up) > ChangeThreshold ? 1 : 0;
                    previous = pixel;
                }
            }

            rowChanges[y] = horizontal;
        }
    }

    private List<TextGrid> CandidateGrids(Frame frame, ReadOnlySpan<long> columnChanges, ReadOnlySpan<long> rowChanges)
    {
        var scored = new Dictionary<TextGrid, double>();
        foreach (var profile in _profiles)
        {
            foreach (var (originX, columnCorrelation) in CellProfile.BestPhases(columnChanges, profile.Columns, ColumnPhasesToTry))
            {
                foreach (var (originY, rowCorrelation) in CellProfile.BestPhases(rowChanges, profile.Rows, RowPhasesToTry))
                {
                    var columns = (frame.Width - originX) / profile.CellWidth;
                    var rows = (frame.Height - originY) / profile.CellHeight;
                    if (columnCorrelation <= 0 || rowCorrelation <= 0 || columns == 0 || rows == 0)
                    {
                        continue;
                    }

                    var grid = new TextGrid(profile.CellWidth, profile.CellHeight, originX, originY, columns, rows);
                    var score = columnCorrelation * rowCorrelation;
                    if (!scored.TryGetValue(grid, out var previous) || previous < score)
                    {
                        scored[grid] = score;
                    }
                }
            }
        }

        return [.. scored.OrderByDescending(pair => pair.Value).Take(GridsToTry).Select(pair => pair.Key)];
    }

    // The rows of cells that hold any edge, thinned to at most SampledRows spread over them: a login prompt's two
    // lines must be in the sample, and a full screen must not cost a full read per candidate grid.
    private static List<int> SampleRows(TextGrid grid, ReadOnlySpan<long> rowChanges, int wanted)
    {
        var active = new List<int>();
        for (var row = 0; row < grid.Rows; row++)
        {
            long changes = 0;
            foreach (var count in rowChanges.Slice(grid.OriginY + (row * grid.CellHeight), grid.CellHeight))
            {
                changes += count;
            }

            if (changes > 0)
            {
                active.Add(row);
            }
        }

        var step = Math.Max(1, active.Count / wanted);
        return [.. active.Where((_, i) => i % step == 0)];
    }

    private static Reading? Read(ReadOnlySpan<uint> pixels, int stride, TextGrid grid, IEnumerable<int> rowsToRead, IReadOnlyList<GlyphMatcher> matchers, bool abandonEarly)
    {
        var patterns = new UInt128[grid.Columns * grid.Rows];
        var counts = new Dictionary<UInt128, int>();
        var contrasts = new int[grid.Columns];
        var screenContrast = 0;
        foreach (var row in rowsToRead)
        {
            uint background = 0;
            var top = grid.OriginY + (row * grid.CellHeight);
            var rowPatterns = patterns.AsSpan(row * grid.Columns, grid.Columns);
            var rowContrast = 0;
            for (var column = 0; column < grid.Columns; column++)
            {
                rowPatterns[column] = CellBinarizer.Read(pixels, stride, grid.OriginX + (column * grid.CellWidth), top, grid.CellWidth, grid.CellHeight, ref background, out var contrast);
                contrasts[column] = contrast;
                rowContrast = Math.Max(rowContrast, contrast);
            }

            // A blank cell beside or under text catches the codec's ringing: faint against the real strokes of its
            // row, or of the screen when the row has none.
            screenContrast = Math.Max(screenContrast, rowContrast);
            var reference = Math.Max(rowContrast, screenContrast / 2);
            for (var column = 0; column < grid.Columns; column++)
            {
                if (contrasts[column] * RingingShare < reference)
                {
                    rowPatterns[column] = 0;
                }

                if (rowPatterns[column] != 0)
                {
                    counts[rowPatterns[column]] = counts.GetValueOrDefault(rowPatterns[column]) + 1;
                }
            }
        }

        Reading? best = null;
        foreach (var matcher in matchers)
        {
            if (matcher.Font.Height != grid.CellHeight)
            {
                continue;
            }

            var characters = new Dictionary<UInt128, char>(counts.Count);
            int textCells = 0, matchedCells = 0, letterCells = 0;
            var sampledCells = counts.Values.Sum();
            foreach (var (pattern, count) in counts)
            {
                textCells += count;
                if (matcher.TryMatch(pattern, out var character))
                {
                    characters[pattern] = character;
                    matchedCells += count;
                    letterCells += char.IsLetterOrDigit(character) ? count : 0;
                }
                else if (abandonEarly && (textCells - matchedCells) * AbandonShare > sampledCells)
                {
                    // Already far past what a text screen misses (noise, a photo): stop searching glyphs.
                    textCells = sampledCells;
                    break;
                }
            }

            var reading = new Reading(grid, matcher, patterns, characters, textCells, matchedCells, letterCells);
            if (best is null || reading.Score > best.Score)
            {
                best = reading;
            }
        }

        return best;
    }

    private sealed record Reading(
        TextGrid Grid, GlyphMatcher Matcher, UInt128[] Patterns, Dictionary<UInt128, char> Characters, int TextCells, int MatchedCells, int LetterCells)
    {
        // Samples of different grids hold different cells, so a miss must cost more than a match earns: a wrong
        // phase still matches the blank-edged glyphs it cuts through, but misses far more.
        public int Score => MatchedCells - (3 * (TextCells - MatchedCells));

        public List<string> Rows()
        {
            var rows = new List<string>(Grid.Rows);
            var line = new StringBuilder(Grid.Columns);
            for (var row = 0; row < Grid.Rows; row++)
            {
                line.Clear();
                for (var column = 0; column < Grid.Columns; column++)
                {
                    var pattern = Patterns[(row * Grid.Columns) + column];
                    line.Append(pattern == 0 ? ' ' : Characters.GetValueOrDefault(pattern, ConsoleText.ReplacementCharacter));
                }

                rows.Add(line.ToString().TrimEnd(' '));
            }

            return rows;
        }
    }
}
