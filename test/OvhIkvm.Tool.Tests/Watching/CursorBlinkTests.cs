using OvhIkvm.Imaging;
using OvhIkvm.Tool.Watching;

namespace OvhIkvm.Tool.Tests.Watching;

public sealed class CursorBlinkTests
{
    private const int Width = 720;
    private const int Height = 400;

    [Fact]
    public void An_underline_cursor_toggled_in_one_9x16_cell_is_a_blink()
    {
        var before = Screen();
        var after = Screen();
        Paint(after, x: 9 * 10, y: (16 * 24) + 14, width: 9, height: 2);

        Assert.True(CursorBlink.OnlyDifference(before, after));
        Assert.True(CursorBlink.OnlyDifference(after, before));
    }

    [Fact]
    public void A_typed_character_and_the_cursor_moved_to_the_next_cell_is_a_change()
    {
        var before = Screen();
        var after = Screen();
        Paint(after, x: 9 * 10, y: 16 * 24, width: 7, height: 12);
        Paint(after, x: 9 * 11, y: (16 * 24) + 14, width: 9, height: 2);

        Assert.False(CursorBlink.OnlyDifference(before, after));
    }

    [Fact]
    public void Changes_in_two_distant_places_or_taller_than_a_cell_are_changes()
    {
        var before = Screen();
        var twoPlaces = Screen();
        Paint(twoPlaces, x: 0, y: 0, width: 2, height: 2);
        Paint(twoPlaces, x: 0, y: 300, width: 2, height: 2);
        var tall = Screen();
        Paint(tall, x: 100, y: 100, width: 1, height: CursorBlink.MaxHeight + 1);

        Assert.False(CursorBlink.OnlyDifference(before, twoPlaces));
        Assert.False(CursorBlink.OnlyDifference(before, tall));
    }

    [Fact]
    public void Identical_screens_and_screens_of_another_size_are_not_a_blink()
    {
        Assert.False(CursorBlink.OnlyDifference(Screen(), Screen()));
        Assert.False(CursorBlink.OnlyDifference(Screen(), Frame.CreateBlack(640, 400, FrameLimits.Default)));
    }

    private static Frame Screen() => Frame.CreateBlack(Width, Height, FrameLimits.Default);

    private static void Paint(Frame frame, int x, int y, int width, int height)
    {
        for (var row = y; row < y + height; row++)
        {
            frame.Row(row).Slice(x * Frame.BytesPerPixel, width * Frame.BytesPerPixel).Fill(0xAA);
        }
    }
}
