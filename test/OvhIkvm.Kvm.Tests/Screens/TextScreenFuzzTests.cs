using System.Diagnostics;
using OvhIkvm.Simulators.Screens;

namespace OvhIkvm.Kvm.Tests.Screens;

/// <summary>
/// Seeded random drawing: whatever coordinates, sizes and characters a caller passes, the screen clips instead of
/// throwing or corrupting, teletype output keeps its text, and rendering always succeeds.
/// Case count: OVH_IKVM_FUZZ_CASES (default 2000).
/// </summary>
public sealed class TextScreenFuzzTests
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(5);

    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("OVH_IKVM_FUZZ_CASES"), out var cases) && cases > 0 ? cases : 2000;

    [Fact]
    public void Random_positioned_drawing_with_extreme_coordinates_clips_and_renders()
    {
        var random = new Random(20261121);
        int[] extremes = [int.MinValue, int.MinValue + 1, -1_000_000, -1, 0, 1, 1_000_000, int.MaxValue - 1, int.MaxValue];
        int Coordinate() => random.Next(3) == 0 ? extremes[random.Next(extremes.Length)] : random.Next(-10, 50);

        for (var i = 0; i < Cases; i++)
        {
            TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var screen = new TextScreen(new TextMode(random.Next(1, 41), random.Next(1, 13)));
            var before = screen.Cells.ToArray();
            var style = new TextStyle((VgaColor)random.Next(16), (VgaColor)random.Next(16));
            var text = RandomText(random, random.Next(0, 30));
            var (column, row, width, height) = (Coordinate(), Coordinate(), Coordinate(), Coordinate());

            switch (random.Next(3))
            {
                case 0:
                    screen.WriteAt(column, row, text, style);
                    AssertWriteAtClipped(screen, before, column, row, text, style);
                    break;
                case 1:
                    var fill = new TextCell(text.Length > 0 ? text[0] : '#', style);
                    screen.Fill(column, row, width, height, fill.Character, style);
                    AssertFilled(screen, before, (column, row, width, height), fill);
                    break;
                default:
                    if (width >= 2 && height >= 2)
                    {
                        screen.DrawBox(column, row, width, height, (BoxLineStyle)random.Next(3), style);
                    }

                    break;
            }

            var frame = screen.Render();
            Assert.Equal((screen.Columns * 8, screen.Rows * 16), (frame.Width, frame.Height));
            Assert.True(clock.Elapsed < PerCase, $"case {i} took {clock.Elapsed}");
        }
    }

    [Fact]
    public void Random_teletype_output_reads_back_row_by_row_until_it_scrolls()
    {
        var random = new Random(7);
        for (var i = 0; i < Cases; i++)
        {
            TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
            var mode = new TextMode(random.Next(1, 41), random.Next(1, 13));
            var screen = new TextScreen(mode);
            var text = RandomText(random, random.Next(0, mode.Columns * mode.Rows + 1)).Replace('\n', '.').Replace('\r', '.');

            screen.Write(text);

            var expected = text.PadRight(mode.Columns * mode.Rows);
            for (var row = 0; row < mode.Rows; row++)
            {
                Assert.Equal(expected.Substring(row * mode.Columns, mode.Columns).TrimEnd(), screen.GetRowText(row));
            }

            Assert.Equal(text.Length == 0 ? 0 : ((text.Length - 1) / mode.Columns), screen.CursorRow);
            _ = screen.Render();
        }
    }

    private static void AssertWriteAtClipped(TextScreen screen, TextCell[] before, int column, int row, string text, TextStyle style)
    {
        for (var y = 0; y < screen.Rows; y++)
        {
            for (var x = 0; x < screen.Columns; x++)
            {
                var index = (long)x - column;
                var written = y == row && index >= 0 && index < text.Length;
                var expected = written ? new TextCell(text[(int)index], style) : before[(y * screen.Columns) + x];
                AssertCell(expected, screen, x, y);
            }
        }
    }

    private static void AssertFilled(TextScreen screen, TextCell[] before, (long Column, long Row, long Width, long Height) area, TextCell fill)
    {
        for (var y = 0; y < screen.Rows; y++)
        {
            for (var x = 0; x < screen.Columns; x++)
            {
                var inside = x >= area.Column && x < area.Column + area.Width && y >= area.Row && y < area.Row + area.Height;
                AssertCell(inside ? fill : before[(y * screen.Columns) + x], screen, x, y);
            }
        }
    }

    // Characters are named by code point so that a failure shows controls and lone surrogates legibly.
    private static void AssertCell(TextCell expected, TextScreen screen, int x, int y)
    {
        var actual = screen[x, y];
        if (expected != actual)
        {
            Assert.Fail($"cell ({x},{y}) of {screen.Columns}x{screen.Rows}: expected U+{(int)expected.Character:X4} {expected.Style}, got U+{(int)actual.Character:X4} {actual.Style}");
        }
    }

    private static string RandomText(Random random, int length)
    {
        var characters = new char[length];
        for (var i = 0; i < length; i++)
        {
            characters[i] = random.Next(10) switch
            {
                0 => (char)random.Next(0, 0x20), // controls
                1 => (char)random.Next(0x80, 0x10000), // anything else in the BMP, lone surrogates included
                2 => (char)random.Next(0x2500, 0x2600), // line drawing and blocks
                _ => (char)random.Next(0x20, 0x7F),
            };
        }

        return new string(characters);
    }
}
