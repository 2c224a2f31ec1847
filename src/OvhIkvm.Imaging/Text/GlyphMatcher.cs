using System.Collections.Frozen;
using OvhIkvm.Imaging.Text.Fonts;

namespace OvhIkvm.Imaging.Text;

/// <summary>
/// Finds the character of a binarised cell in one font: an exact bitmap first (what lossless frames give), else the
/// single nearest glyph in shape (within <see cref="MaxCost"/>), else by Hamming distance (within
/// <see cref="MaxDistance"/>), with no other glyph as near.
/// </summary>
/// <remarks>
/// <para>A cell pattern packs up to 16 rows of 8 pixels into a <see cref="UInt128"/>, row <c>y</c> in bits 8y..8y+7, so
/// matching is a few bit operations and population counts per glyph.</para>
/// <para>Nearness is the Hamming distance plus <see cref="ShapePenalty"/> per ink pixel, on either side, with no ink of
/// the other within one pixel in its row. Real machines draw the VGA font with small variations of their own: the
/// Linux kernel's built-in 8x16 (a one-pixel-wider v, an f one pixel to the right) and the VGA BIOS of QEMU and
/// SeaBIOS (a dotted 0, a wider M, m, w, X, whose strokes sit a column apart from console-setup's). Those differ from
/// the library's glyph by 10 to 24 pixels, more than lossy codecs flip, yet nearly every differing pixel has a stroke of
/// the right glyph beside it; a different character misses a whole stroke, which the penalty makes expensive (the
/// kernel's f is 8 pixels from console-setup's '[' but 24 from its f).</para>
/// </remarks>
internal sealed class GlyphMatcher
{
    /// <summary>What an ink pixel with no ink of the other pattern beside it costs, in Hamming bits.</summary>
    public const int ShapePenalty = 8;

    private static readonly UInt128 NotLowestBitOfEachRow = ~(UInt128.MaxValue / 0xFF);
    private static readonly UInt128 NotHighestBitOfEachRow = ~((UInt128.MaxValue / 0xFF) << 7);

    private readonly UInt128[] _patterns;
    private readonly UInt128[] _spreads;
    private readonly char[] _characters;
    private readonly FrozenDictionary<UInt128, char> _exact;

    public GlyphMatcher(BitmapFont font)
    {
        Font = font;
        // A variant of a glyph with every stroke in place (the largest seen: 24 pixels for the kernel's f, 16 rows)
        // is within twice the height; lossy frames flip fewer pixels than that.
        MaxCost = 2 * font.Height;
        // Lossy frames flip a few pixels on a glyph's edges; an eighth of a 16-row glyph's 128 pixels is still far
        // from any other letter of a console font (the nearest pairs, such as O and Q, differ by more).
        MaxDistance = font.Height / 2;
        var exact = new Dictionary<UInt128, char>(font.GlyphCount);
        for (var glyph = 0; glyph < font.GlyphCount; glyph++)
        {
            var character = font.CharacterOf(glyph);
            if (character == ConsoleText.ReplacementCharacter)
            {
                continue;
            }

            var pattern = Pack(font.GlyphRows(glyph));
            // Twin glyphs (an em dash drawn like a box line, a Latin letter and its look-alike) read as the character
            // a console more likely shows: ASCII, then line drawing and blocks, then the lower code point.
            if (!exact.TryGetValue(pattern, out var twin) || Preference(character) < Preference(twin))
            {
                exact[pattern] = character;
            }
        }

        // One entry per distinct bitmap, so twins never make a near match ambiguous.
        _patterns = [.. exact.Keys];
        _characters = [.. exact.Values];
        _spreads = [.. _patterns.Select(Spread)];
        _exact = exact.ToFrozenDictionary();
    }

    public BitmapFont Font { get; }

    public int MaxCost { get; }

    public int MaxDistance { get; }

    public static UInt128 Pack(ReadOnlySpan<byte> rows)
    {
        UInt128 pattern = 0;
        for (var y = 0; y < rows.Length; y++)
        {
            pattern |= (UInt128)rows[y] << (8 * y);
        }

        return pattern;
    }

    private static int Preference(char character) => character switch
    {
        < '\u0080' => character,
        >= '\u2500' and <= '\u259F' => 0x100 + character,
        _ => 0x10000 + character,
    };

    public bool TryMatch(UInt128 pattern, out char character)
    {
        if (_exact.TryGetValue(pattern, out character))
        {
            return true;
        }

        var spread = Spread(pattern);
        int bestCost = int.MaxValue, secondCost = int.MaxValue, bestCostIndex = -1;
        int bestDistance = int.MaxValue, secondDistance = int.MaxValue, bestDistanceIndex = -1;
        for (var i = 0; i < _patterns.Length; i++)
        {
            var glyph = _patterns[i];
            var distance = (int)UInt128.PopCount(pattern ^ glyph);
            Rank(distance, i, ref bestDistance, ref secondDistance, ref bestDistanceIndex);

            // The cost is at least the distance: a glyph already past MaxCost can be neither the accepted shape nor
            // a rival that makes it ambiguous, so the shape is not computed (most glyphs, for noise and wrong grids).
            if (distance <= MaxCost)
            {
                var cost = distance + (ShapePenalty * (int)(UInt128.PopCount(pattern & ~_spreads[i]) + UInt128.PopCount(glyph & ~spread)));
                Rank(cost, i, ref bestCost, ref secondCost, ref bestCostIndex);
            }
        }

        // The shape's nearest first (a variant of the glyph); else the plain nearest, for the few flipped pixels of a
        // lossy frame that the shape cost alone would count twice.
        var index = bestCost <= MaxCost && secondCost > bestCost ? bestCostIndex
            : bestDistance <= MaxDistance && secondDistance > bestDistance ? bestDistanceIndex
            : -1;
        character = index < 0 ? ConsoleText.ReplacementCharacter : _characters[index];
        return index >= 0;
    }

    private static void Rank(int value, int index, ref int best, ref int second, ref int bestIndex)
    {
        if (value < best)
        {
            second = best;
            best = value;
            bestIndex = index;
        }
        else if (value < second)
        {
            second = value;
        }
    }

    // Each row's ink widened by one pixel to both sides, kept within its row.
    private static UInt128 Spread(UInt128 pattern) =>
        pattern | ((pattern << 1) & NotLowestBitOfEachRow) | ((pattern >> 1) & NotHighestBitOfEachRow);
}
