using OvhIkvm.Imaging;

namespace OvhIkvm.Simulators.Screens;

/// <summary>
/// A character-cell console (the picture a VGA text mode or a Linux framebuffer console shows), written like a
/// terminal and rendered to a <see cref="Frame"/>.
/// </summary>
/// <remarks>
/// <see cref="Write(string)"/> behaves like a teletype: it writes at the cursor, wraps at the right edge, honours
/// '\n' and '\r', and scrolls the screen up when the cursor passes the bottom, so a long boot log ends the way a
/// real console shows it. The positioned methods (<see cref="WriteAt(int, int, string, TextStyle)"/>, <see cref="Fill"/>, <see cref="DrawBox"/>)
/// clip at the edges and leave the cursor alone, for full-screen layouts such as menus. Methods return the screen so
/// a layout reads top to bottom. Not thread-safe: build a screen on one thread, then share the rendered frame.
/// </remarks>
public sealed class TextScreen
{
    private readonly TextCell[] _cells;

    public TextScreen(TextMode mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        Mode = mode;
        _cells = new TextCell[mode.Columns * mode.Rows];
        Clear();
    }

    public TextMode Mode { get; }

    public int Columns => Mode.Columns;

    public int Rows => Mode.Rows;

    /// <summary>The colours <see cref="Write(string)"/>, <see cref="Clear()"/> and scrolling use.</summary>
    public TextStyle Style { get; set; } = TextStyle.Default;

    /// <summary>The cursor column; equal to <see cref="Columns"/> after writing the last column (the wrap is pending).</summary>
    public int CursorColumn { get; private set; }

    public int CursorRow { get; private set; }

    public bool CursorVisible { get; set; }

    public CursorShape CursorShape { get; set; } = CursorShape.Underline;

    public TextCell this[int column, int row]
    {
        get => _cells[CellIndex(column, row)];
        set => _cells[CellIndex(column, row)] = value;
    }

    /// <summary>The cells, row by row.</summary>
    public ReadOnlySpan<TextCell> Cells => _cells;

    /// <summary>Blanks the screen in the current <see cref="Style"/> and homes the cursor.</summary>
    public TextScreen Clear()
    {
        _cells.AsSpan().Fill(TextCell.Blank(Style));
        CursorColumn = 0;
        CursorRow = 0;
        return this;
    }

    /// <summary>Sets the current style, then blanks the screen in it.</summary>
    public TextScreen Clear(TextStyle style)
    {
        Style = style;
        return Clear();
    }

    public TextScreen MoveCursor(int column, int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Columns);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        CursorColumn = column;
        CursorRow = row;
        return this;
    }

    /// <summary>Writes at the cursor in the current style, wrapping and scrolling like a terminal.</summary>
    public TextScreen Write(string text) => Write(text, Style);

    /// <summary>Writes at the cursor in <paramref name="style"/>, wrapping and scrolling like a terminal.</summary>
    public TextScreen Write(string text, TextStyle style)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var character in text)
        {
            switch (character)
            {
                case '\n':
                    NewLine();
                    break;
                case '\r':
                    CursorColumn = 0;
                    break;
                default:
                    if (CursorColumn == Columns)
                    {
                        NewLine();
                    }

                    _cells[(CursorRow * Columns) + CursorColumn] = new TextCell(character, style);
                    CursorColumn++;
                    break;
            }
        }

        return this;
    }

    public TextScreen WriteLine(string text = "") => Write(text).NewLine();

    public TextScreen WriteLine(string text, TextStyle style) => Write(text, style).NewLine();

    /// <summary>Moves the cursor to the start of the next line, scrolling up at the bottom.</summary>
    public TextScreen NewLine()
    {
        CursorColumn = 0;
        if (CursorRow == Rows - 1)
        {
            ScrollUp();
        }
        else
        {
            CursorRow++;
        }

        return this;
    }

    /// <summary>Moves every row up by one; the bottom row becomes blank in the current style.</summary>
    public TextScreen ScrollUp()
    {
        _cells.AsSpan(Columns).CopyTo(_cells);
        _cells.AsSpan((Rows - 1) * Columns).Fill(TextCell.Blank(Style));
        return this;
    }

    /// <summary>Writes <paramref name="text"/> from a cell, on that row only (no wrap); what falls outside is clipped.</summary>
    public TextScreen WriteAt(int column, int row, string text, TextStyle style)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (row < 0 || row >= Rows)
        {
            return this;
        }

        // long arithmetic: a caller's column near int.MaxValue must clip, not wrap around onto the screen.
        var first = (int)Math.Clamp(-(long)column, 0, text.Length);
        var last = (int)Math.Clamp((long)Columns - column, 0, text.Length);
        for (var i = first; i < last; i++)
        {
            _cells[(row * Columns) + column + i] = new TextCell(text[i], style);
        }

        return this;
    }

    public TextScreen WriteAt(int column, int row, string text) => WriteAt(column, row, text, Style);

    /// <summary>Writes <paramref name="text"/> centred on <paramref name="row"/>.</summary>
    public TextScreen WriteCentered(int row, string text, TextStyle style)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WriteAt((Columns - text.Length) / 2, row, text, style);
    }

    /// <summary>Fills a rectangle (clipped to the screen) with one character and style.</summary>
    public TextScreen Fill(int column, int row, int width, int height, char character, TextStyle style)
    {
        var left = (int)Math.Clamp(column, 0L, Columns);
        var right = (int)Math.Clamp((long)column + width, 0L, Columns);
        var top = (int)Math.Clamp(row, 0L, Rows);
        var bottom = (int)Math.Clamp((long)row + height, 0L, Rows);
        for (var y = top; y < bottom && left < right; y++)
        {
            _cells.AsSpan((y * Columns) + left, right - left).Fill(new TextCell(character, style));
        }

        return this;
    }

    /// <summary>Draws a frame whose outer edge is the given rectangle (at least 2x2); the inside is left as it is.</summary>
    public TextScreen DrawBox(int column, int row, int width, int height, BoxLineStyle lines, TextStyle style)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        var (horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight) = lines switch
        {
            BoxLineStyle.SingleLine => ('\u2500', '\u2502', '\u250C', '\u2510', '\u2514', '\u2518'),
            BoxLineStyle.DoubleLine => ('\u2550', '\u2551', '\u2554', '\u2557', '\u255A', '\u255D'),
            BoxLineStyle.Ascii => ('-', '|', '+', '+', '+', '+'),
            _ => throw new ArgumentOutOfRangeException(nameof(lines), lines, "unknown box line style"),
        };

        if ((long)column + width > int.MaxValue || (long)row + height > int.MaxValue)
        {
            return this; // entirely off screen, and its far edges would not fit in an int
        }

        var right = column + width - 1;
        var bottom = row + height - 1;
        Fill(column + 1, row, width - 2, 1, horizontal, style);
        Fill(column + 1, bottom, width - 2, 1, horizontal, style);
        Fill(column, row + 1, 1, height - 2, vertical, style);
        Fill(right, row + 1, 1, height - 2, vertical, style);
        Fill(column, row, 1, 1, topLeft, style);
        Fill(right, row, 1, 1, topRight, style);
        Fill(column, bottom, 1, 1, bottomLeft, style);
        Fill(right, bottom, 1, 1, bottomRight, style);
        return this;
    }

    /// <summary>The text of one row, trailing blanks removed (handy for tests and logs).</summary>
    public string GetRowText(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        var text = new char[Columns];
        for (var column = 0; column < Columns; column++)
        {
            text[column] = _cells[(row * Columns) + column].Character;
        }

        return new string(text).TrimEnd();
    }

    /// <summary>Renders the screen into a new <see cref="Mode"/>-sized frame.</summary>
    public Frame Render(ConsoleFont? font = null)
    {
        var frame = new Frame(Mode.Width, Mode.Height, new byte[Mode.Width * Mode.Height * Frame.BytesPerPixel]);
        RenderInto(frame, font);
        return frame;
    }

    /// <summary>Renders into an existing frame of the same size, without allocating (for redraw loops).</summary>
    public void RenderInto(Frame frame, ConsoleFont? font = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width != Mode.Width || frame.Height != Mode.Height)
        {
            throw new ArgumentException($"The frame is {frame.Width}x{frame.Height}; this screen renders {Mode.Width}x{Mode.Height}.", nameof(frame));
        }

        TextScreenRenderer.Render(this, font ?? ConsoleFont.Default, frame.Pixels);
    }

    private int CellIndex(int column, int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Columns);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return (row * Columns) + column;
    }
}
