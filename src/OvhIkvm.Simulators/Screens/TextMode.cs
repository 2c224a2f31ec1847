using OvhIkvm.Imaging;

namespace OvhIkvm.Simulators.Screens;

/// <summary>
/// A text grid and the picture it renders to, with <see cref="ConsoleFont.GlyphWidth"/> x
/// <see cref="ConsoleFont.GlyphHeight"/> pixel cells.
/// </summary>
public sealed record TextMode
{
    public TextMode(int columns, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var limits = FrameLimits.Default;
        if (columns > limits.MaxWidth / ConsoleFont.GlyphWidth || rows > limits.MaxHeight / ConsoleFont.GlyphHeight)
        {
            throw new ArgumentOutOfRangeException(
                nameof(columns), $"A {columns}x{rows} text screen would not fit in a {limits.MaxWidth}x{limits.MaxHeight} frame.");
        }

        Columns = columns;
        Rows = rows;
    }

    /// <summary>80x25 cells, 640x400 pixels: the PC text mode BIOS and GRUB screens use.</summary>
    public static TextMode Text80x25 { get; } = new(80, 25);

    /// <summary>80x30 cells, 640x480 pixels: VGA 640x480 with an 8x16 font.</summary>
    public static TextMode Text80x30 { get; } = new(80, 30);

    /// <summary>128x48 cells, 1024x768 pixels: a Linux framebuffer console as BMCs usually capture it.</summary>
    public static TextMode Text128x48 { get; } = new(128, 48);

    public int Columns { get; }

    public int Rows { get; }

    public int Width => Columns * ConsoleFont.GlyphWidth;

    public int Height => Rows * ConsoleFont.GlyphHeight;

    public override string ToString() => $"{Columns}x{Rows} text ({Width}x{Height} pixels)";
}
