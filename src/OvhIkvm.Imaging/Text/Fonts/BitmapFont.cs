using System.Collections.Frozen;

namespace OvhIkvm.Imaging.Text.Fonts;

/// <summary>
/// One console font: glyphs 8 pixels wide, one byte per pixel row (most significant bit = leftmost pixel), and the
/// Unicode characters each glyph draws. Immutable, so one instance serves every renderer and recogniser.
/// </summary>
public sealed class BitmapFont
{
    /// <summary>Every glyph of a console font is 8 pixels wide; VGA's 9-dot cells add a column when drawing.</summary>
    public const int GlyphWidth = 8;

    private readonly byte[] _rows;
    private readonly char[] _characterOfGlyph;
    private readonly FrozenDictionary<char, int> _glyphOfCharacter;
    private readonly bool[] _widensInNineDotCells;

    internal BitmapFont(string name, string source, int height, ReadOnlySpan<byte> rows, ReadOnlySpan<ushort> unicodeMap)
    {
        if (height is < 1 or > 16 || rows.Length % height != 0)
        {
            throw new ArgumentException($"Font '{name}': {rows.Length} bytes of rows do not make {height}-row glyphs.", nameof(rows));
        }

        Name = name;
        Source = source;
        Height = height;
        _rows = rows.ToArray();
        GlyphCount = rows.Length / height;
        _characterOfGlyph = new char[GlyphCount];
        _characterOfGlyph.AsSpan().Fill(ConsoleText.ReplacementCharacter);
        var glyphOfCharacter = new Dictionary<char, int>(unicodeMap.Length / 2);
        for (var i = 0; i + 1 < unicodeMap.Length; i += 2)
        {
            var character = (char)unicodeMap[i];
            var glyph = unicodeMap[i + 1];
            if (glyph >= GlyphCount)
            {
                throw new ArgumentException($"Font '{name}' maps U+{unicodeMap[i]:X4} to glyph {glyph} of {GlyphCount}.", nameof(unicodeMap));
            }

            // The table lists a glyph's preferred code point first.
            if (_characterOfGlyph[glyph] == ConsoleText.ReplacementCharacter)
            {
                _characterOfGlyph[glyph] = character;
            }

            glyphOfCharacter.TryAdd(character, glyph);
        }

        _glyphOfCharacter = glyphOfCharacter.ToFrozenDictionary();
        _widensInNineDotCells = new bool[GlyphCount];
        foreach (var character in FontTables.Cp437LineGraphics)
        {
            if (_glyphOfCharacter.TryGetValue(character, out var glyph))
            {
                _widensInNineDotCells[glyph] = true;
            }
        }
    }

    /// <summary>What users call the font, e.g. "VGA 8x16".</summary>
    public string Name { get; }

    /// <summary>The file the tables were generated from (see Fonts/README.md for its licence).</summary>
    public string Source { get; }

    /// <summary>Pixel rows of every glyph.</summary>
    public int Height { get; }

    public int GlyphCount { get; }

    /// <summary>Every character the font can draw.</summary>
    public IReadOnlyCollection<char> Characters => _glyphOfCharacter.Keys;

    public bool Contains(char character) => _glyphOfCharacter.ContainsKey(character);

    public bool TryGetGlyph(char character, out int glyph) => _glyphOfCharacter.TryGetValue(character, out glyph);

    /// <summary>The rows of glyph <paramref name="glyph"/>, top to bottom.</summary>
    public ReadOnlySpan<byte> GlyphRows(int glyph)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(glyph);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(glyph, GlyphCount);
        return _rows.AsSpan(glyph * Height, Height);
    }

    /// <summary>The character a glyph stands for (its preferred code point), U+FFFD for a glyph with none.</summary>
    public char CharacterOf(int glyph) => _characterOfGlyph[glyph];

    /// <summary>
    /// Whether a VGA in 9-dot mode repeats the glyph's 8th column into the 9th (the CP437 line-drawing range
    /// 0xC0-0xDF, so frames join up); every other glyph gets a blank 9th column.
    /// </summary>
    public bool WidensInNineDotCells(int glyph) => _widensInNineDotCells[glyph];

    public override string ToString() => Name;
}
