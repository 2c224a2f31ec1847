namespace OvhIkvm.Imaging.Text.Fonts;

/// <summary>
/// The console fonts this project ships, generated from Debian's console-setup PSF files by
/// eng/generate-console-fonts.py (origins and licences: Fonts/README.md). Renderers and the recogniser share them.
/// </summary>
public static class ConsoleFontLibrary
{
    /// <summary>The IBM VGA ROM font, 8x16: what BIOS, GRUB's text mode and an unconfigured Linux console show.</summary>
    public static BitmapFont Vga16 { get; } = new(FontTables.Lat15Vga16Name, FontTables.Lat15Vga16Source, FontTables.Lat15Vga16Height, FontTables.Lat15Vga16Glyphs, FontTables.Lat15Vga16Map);

    /// <summary>The VGA 8x14 (EGA) font.</summary>
    public static BitmapFont Vga14 { get; } = new(FontTables.Lat15Vga14Name, FontTables.Lat15Vga14Source, FontTables.Lat15Vga14Height, FontTables.Lat15Vga14Glyphs, FontTables.Lat15Vga14Map);

    /// <summary>The VGA 8x8 font: the Linux framebuffer's 8x8 console and 80x50 text modes.</summary>
    public static BitmapFont Vga8 { get; } = new(FontTables.Lat15Vga8Name, FontTables.Lat15Vga8Source, FontTables.Lat15Vga8Height, FontTables.Lat15Vga8Glyphs, FontTables.Lat15Vga8Map);

    /// <summary>console-setup's Fixed 8x16: the font Debian loads at boot by default.</summary>
    public static BitmapFont Fixed16 { get; } = new(FontTables.Lat15Fixed16Name, FontTables.Lat15Fixed16Source, FontTables.Lat15Fixed16Height, FontTables.Lat15Fixed16Glyphs, FontTables.Lat15Fixed16Map);

    public static BitmapFont Terminus16 { get; } = new(FontTables.Lat15Terminus16Name, FontTables.Lat15Terminus16Source, FontTables.Lat15Terminus16Height, FontTables.Lat15Terminus16Glyphs, FontTables.Lat15Terminus16Map);

    public static BitmapFont TerminusBold16 { get; } = new(FontTables.Lat15TerminusBold16Name, FontTables.Lat15TerminusBold16Source, FontTables.Lat15TerminusBold16Height, FontTables.Lat15TerminusBold16Glyphs, FontTables.Lat15TerminusBold16Map);

    public static BitmapFont Terminus14 { get; } = new(FontTables.Lat15Terminus14Name, FontTables.Lat15Terminus14Source, FontTables.Lat15Terminus14Height, FontTables.Lat15Terminus14Glyphs, FontTables.Lat15Terminus14Map);

    /// <summary>Every shipped font, the most common first (the recogniser prefers the earlier font on a tie).</summary>
    public static IReadOnlyList<BitmapFont> All { get; } = [Vga16, Fixed16, Terminus16, TerminusBold16, Vga14, Terminus14, Vga8];
}
