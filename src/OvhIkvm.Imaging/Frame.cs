namespace OvhIkvm.Imaging;

/// <summary>
/// One decoded console screen: the type every layer agrees on. Pixels are packed RGBA32
/// (R, G, B, A bytes, row-major, stride = <see cref="Width"/> * 4). Decoders always write opaque pixels.
/// </summary>
/// <remarks>
/// A class rather than a record: value equality over a pixel buffer would compare array references,
/// which is never what a caller means. Use <see cref="ContentEquals"/> for pixel comparisons.
/// A frame handed to a caller may share its pixels with its producer (an RFB session lends its framebuffer until the
/// server next paints), so whoever receives a frame reads <see cref="Pixels"/> and never writes to them.
/// </remarks>
public sealed class Frame : IImageRows
{
    public const int BytesPerPixel = 4;

    public Frame(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if ((long)width * height * BytesPerPixel != pixels.Length)
        {
            throw new ArgumentException(
                $"A {width}x{height} RGBA32 frame needs {(long)width * height * BytesPerPixel} bytes, not {pixels.Length}.",
                nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Packed RGBA32 pixels, row-major.</summary>
    public byte[] Pixels { get; }

    public int Stride => Width * BytesPerPixel;

    /// <summary>Creates an opaque black frame, after checking the dimensions against <paramref name="limits"/>.</summary>
    public static Frame CreateBlack(int width, int height, FrameLimits limits)
    {
        limits.EnsureWithin(width, height);
        var pixels = new byte[width * height * BytesPerPixel];
        for (var i = 3; i < pixels.Length; i += BytesPerPixel)
        {
            pixels[i] = byte.MaxValue;
        }

        return new Frame(width, height, pixels);
    }

    public Span<byte> Row(int y) => Pixels.AsSpan(y * Stride, Stride);

    /// <summary>Decoders write opaque pixels, but a frame built by hand may not be: encoders look.</summary>
    bool IImageRows.AlwaysOpaque => false;

    ReadOnlySpan<byte> IImageRows.Row(int y) => Row(y);

    public bool ContentEquals(Frame other) =>
        other.Width == Width && other.Height == Height && other.Pixels.AsSpan().SequenceEqual(Pixels);
}
