using System.Collections.Frozen;
using OvhIkvm.Imaging.Text.Fonts;

namespace OvhIkvm.Imaging.Text;

/// <summary>
/// Finds the character of a binarised cell in one font: an exact bitmap first (what lossless frames give), else the
/// single nearest glyph by Hamming distance, within <see cref="MaxDistance"/> and with no other character as near.
/// </summary>
/// <remarks>
/// A cell pattern packs up to 16 rows of 8 pixels into a <see cref="UInt128"/>, row <c>y</c> in bits 8y..8y+7, so
/// matching is one XOR and one population count per glyph.
/// </remarks>
internal sealed class GlyphMatcher
{
    private readonly UInt128[] _patterns;
    private readonly char[] _characters;
    private readonly FrozenDictionary<UInt128, char> _exact;

    public GlyphMatcher(BitmapFont font)
    {
        Font = font;
        // Lossy frames flip a few pixels on a glyph's edges; an eighth of a 16-row glyph's 128 pixels is still far
        // from any other letter of a console font (the nearest pairs, such as O and Q, differ by more).
        MaxDistance = font.Height / 2;
        var patterns = new List<UInt128>(font.GlyphCount);
        var characters = new List<char>(font.GlyphCount);
        var exact = new Dictionary<UInt128, char>(font.GlyphCount);
        for (var glyph = 0; glyph < font.GlyphCount; glyph++)
        {
            var character = font.CharacterOf(glyph);
            if (character == ConsoleText.ReplacementCharacter)
            {
                continue;
            }

            var pattern = Pack(font.GlyphRows(glyph));
            patterns.Add(pattern);
            characters.Add(character);
            // Twin glyphs (an em dash drawn like a box line, a Latin letter and its look-alike) read as the character
            // a console more likely shows: ASCII, then line drawing and blocks, then the lower code point.
            if (!exact.TryGetValue(pattern, out var twin) || Preference(character) < Preference(twin))
            {
                exact[pattern] = character;
            }
        }

        _patterns = [.. patterns];
        _characters = [.. characters];
        _exact = exact.ToFrozenDictionary();
    }

    public BitmapFont Font { get; }

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

        var best = int.MaxValue;
        var second = int.MaxValue;
        var bestCharacter = ConsoleText.ReplacementCharacter;
        for (var i = 0; i < _patterns.Length; i++)
        {
            var distance = (int)UInt128.PopCount(pattern ^ _patterns[i]);
            if (distance < best)
            {
                if (_characters[i] != bestCharacter)
                {
                    second = best;
                }

                best = distance;
                bestCharacter = _characters[i];
            }
            else if (distance < second && _characters[i] != bestCharacter)
            {
                second = distance;
            }
        }

        character = bestCharacter;
        return best <= MaxDistance && second > best;
    }
}
