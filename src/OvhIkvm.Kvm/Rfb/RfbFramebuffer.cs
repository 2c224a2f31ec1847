using System.Numerics;
using System.Runtime.InteropServices;
using OvhIkvm.Imaging;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>
/// The client's copy of the server's screen, plus a record of which pixels have been painted since the
/// capture began: a capture is complete only when every pixel has been painted at least once, because
/// servers may split a full update into several, or dribble it. Pixels are allocated when a capture starts
/// (<see cref="Resize"/>) and handed over, not copied, by <see cref="ToFrame"/>. A <see cref="Snapshot"/> shares
/// them until the server next paints, and only then are they copied (copy on write): a screenshot of a held session
/// whose screen does not change before it is rendered never needs a second copy of the screen (8.3 MB at 1920x1080).
/// </summary>
internal sealed class RfbFramebuffer
{
    private byte[] _pixels = [];
    private ulong[] _painted = [];
    private int _wordsPerRow;
    private long _unpainted;

    /// <summary>True while a snapshot handed out uses <see cref="_pixels"/>: the next paint copies them first.</summary>
    private bool _lent;

    /// <summary>Records the server's screen size; nothing is allocated before a capture starts.</summary>
    public RfbFramebuffer(int width, int height)
    {
        Width = width;
        Height = height;
        _unpainted = (long)width * height;
    }

    public int Width { get; private set; }

    public int Height { get; private set; }

    public bool IsComplete => _unpainted == 0;

    /// <summary>What <see cref="Resize"/> allocates for a screen: the pixels and one bit per pixel.</summary>
    public static long BytesFor(int width, int height) => ((long)width * height * Frame.BytesPerPixel) + (((width + 63) / 64) * 8L * height);

    /// <summary>Starts over with a new size: nothing is painted yet.</summary>
    public void Resize(int width, int height)
    {
        Width = width;
        Height = height;
        _wordsPerRow = (width + 63) / 64;

        // Let go of the old screen before allocating the new one, so both are never needed at once.
        _pixels = [];
        _painted = [];
        _pixels = new byte[(long)width * height * Frame.BytesPerPixel];
        _painted = new ulong[_wordsPerRow * height];
        _unpainted = (long)width * height;
        _lent = false;
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

    /// <summary>A run of pixels to paint (or to read while painting, as CopyRect does).</summary>
    public Span<uint> Row(int x, int y, int width)
    {
        if (_lent)
        {
            // The snapshot keeps the old pixels: the next one is taken from this copy.
            _pixels = (byte[])_pixels.Clone();
            _lent = false;
        }

        return MemoryMarshal.Cast<byte, uint>(_pixels.AsSpan()).Slice((y * Width) + x, width);
    }

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

    /// <summary>
    /// The screen for a caller, while the framebuffer goes on following the server's updates: the caller's frame never
    /// changes, because the framebuffer copies its pixels before it next paints them.
    /// </summary>
    public Frame Snapshot()
    {
        _lent = true;
        return new Frame(Width, Height, _pixels);
    }

    /// <summary>
    /// Hands the screen over as the shared frame type, without a copy: the framebuffer lets go of its pixels, and the
    /// next capture allocates new ones (it starts over anyway).
    /// </summary>
    public Frame ToFrame()
    {
        var frame = new Frame(Width, Height, _pixels);
        _pixels = [];
        _painted = [];
        _lent = false;
        _unpainted = (long)Width * Height;
        return frame;
    }
}
