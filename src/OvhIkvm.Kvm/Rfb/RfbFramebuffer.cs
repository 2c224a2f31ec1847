using System.Numerics;
using System.Runtime.InteropServices;
using OvhIkvm.Imaging;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>
/// The client's copy of the server's screen, plus a record of which pixels have been painted since the
/// capture began: a capture is complete only when every pixel has been painted at least once, because
/// servers may split a full update into several, or dribble it.
/// </summary>
internal sealed class RfbFramebuffer
{
    private uint[] _pixels = [];
    private ulong[] _painted = [];
    private int _wordsPerRow;
    private long _unpainted;

    public RfbFramebuffer(int width, int height) => Resize(width, height);

    public int Width { get; private set; }

    public int Height { get; private set; }

    public bool IsComplete => _unpainted == 0;

    /// <summary>Starts over with a new size: nothing is painted yet.</summary>
    public void Resize(int width, int height)
    {
        Width = width;
        Height = height;
        _pixels = new uint[width * height];
        _wordsPerRow = (width + 63) / 64;
        _painted = new ulong[_wordsPerRow * height];
        _unpainted = (long)width * height;
    }

    /// <summary>Refuses a rectangle that is not wholly inside the framebuffer (a hostile or broken server).</summary>
    public void EnsureInside(int x, int y, int width, int height)
    {
        if ((long)x + width > Width || (long)y + height > Height)
        {
            throw new RfbProtocolException(
                $"The VNC server sent a {width}x{height} rectangle at ({x},{y}) outside its {Width}x{Height} screen.");
        }
    }

    public Span<uint> Row(int x, int y, int width) => _pixels.AsSpan((y * Width) + x, width);

    public void Fill(int x, int y, int width, int height, uint rgba)
    {
        for (var row = y; row < y + height; row++)
        {
            Row(x, row, width).Fill(rgba);
        }
    }

    /// <summary>CopyRect: source and destination may overlap, so rows are copied in the direction that keeps sources intact.</summary>
    public void Copy(int sourceX, int sourceY, int x, int y, int width, int height)
    {
        EnsureInside(sourceX, sourceY, width, height);
        if (sourceY >= y)
        {
            for (var row = 0; row < height; row++)
            {
                Row(sourceX, sourceY + row, width).CopyTo(Row(x, y + row, width));
            }
        }
        else
        {
            for (var row = height - 1; row >= 0; row--)
            {
                Row(sourceX, sourceY + row, width).CopyTo(Row(x, y + row, width));
            }
        }
    }

    public void MarkPainted(int x, int y, int width, int height)
    {
        if (_unpainted == 0 || width == 0)
        {
            return;
        }

        for (var row = y; row < y + height; row++)
        {
            var words = _painted.AsSpan(row * _wordsPerRow, _wordsPerRow);
            var first = x;
            var end = x + width;
            while (first < end)
            {
                var word = first / 64;
                var bit = first % 64;
                var count = Math.Min(64 - bit, end - first);
                var mask = (count == 64 ? ulong.MaxValue : ((1UL << count) - 1)) << bit;
                _unpainted -= BitOperations.PopCount(mask & ~words[word]);
                words[word] |= mask;
                first += count;
            }
        }
    }

    /// <summary>A snapshot of the screen as the shared frame type.</summary>
    public Frame ToFrame() =>
        new(Width, Height, MemoryMarshal.AsBytes(_pixels.AsSpan()).ToArray());
}
