using OvhIkvm.Imaging;

namespace OvhIkvm.Tool.Watching;

/// <summary>
/// Tells a blinking cursor from a change of the screen. VGA text mode blinks its cursor in hardware and fbcon on a
/// timer, and BMC video engines and VNC servers send every blink: a console showing a login prompt or a kernel panic
/// would otherwise never be stable, and every wait for a change would end at the first blink. A difference confined to
/// one character cell (at most <see cref="MaxWidth"/> x <see cref="MaxHeight"/> pixels, the largest console font) is
/// a cursor, a spinner or a ticking digit: nothing a person waiting for the screen means by a change. Typing moves the
/// cursor, so a typed character spans two cells and counts.
/// </summary>
internal static class CursorBlink
{
    public const int MaxWidth = 16;
    public const int MaxHeight = 32;

    /// <summary>True when the frames have the same size and every differing pixel lies inside one cell-sized box.</summary>
    public static bool OnlyDifference(Frame before, Frame after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Width != after.Width || before.Height != after.Height)
        {
            return false;
        }

        int top = -1, left = int.MaxValue, right = -1;
        for (var y = 0; y < before.Height; y++)
        {
            var a = before.Row(y);
            var b = after.Row(y);
            var first = a.CommonPrefixLength(b);
            if (first == a.Length)
            {
                continue;
            }

            if (top < 0)
            {
                top = y;
            }

            if (y - top >= MaxHeight)
            {
                return false;
            }

            var last = a.Length - 1 - LastDifferenceFromEnd(a, b);
            left = Math.Min(left, first / Frame.BytesPerPixel);
            right = Math.Max(right, last / Frame.BytesPerPixel);
            if (right - left >= MaxWidth)
            {
                return false;
            }
        }

        return top >= 0;
    }

    private static int LastDifferenceFromEnd(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var same = 0;
        for (var i = a.Length - 1; i >= 0 && a[i] == b[i]; i--)
        {
            same++;
        }

        return same;
    }
}
