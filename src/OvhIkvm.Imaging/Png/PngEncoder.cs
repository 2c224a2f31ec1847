using System.IO.Compression;

namespace OvhIkvm.Imaging.Png;

/// <summary>
/// Writes frames as 8-bit PNG files (or 1/2/4-bit palette), in the smallest lossless colour type the pixels
/// allow, with per-row adaptive filters, zlib from the base class library, and IDAT split into 64 KiB chunks.
/// Pure: no I/O, no shared state; safe to call from any thread.
/// </summary>
public static class PngEncoder
{
    /// <summary>Largest IDAT chunk written; decoders stream them, so the size only trades header bytes for latency.</summary>
    internal const int MaxIdatChunk = 64 * 1024;

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes with <see cref="PngEncoderOptions.Default"/>.</summary>
    public static byte[] Encode(Frame frame) => Encode(frame, PngEncoderOptions.Default);

    public static byte[] Encode(Frame frame, PngEncoderOptions options) => Encode((IImageRows)frame, options);

    /// <summary>Encodes rows as they are produced: a palette image reads them once, any other twice at most.</summary>
    internal static byte[] Encode(IImageRows frame, PngEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var layout = options.ReduceColors ? PngPixelLayout.Analyse(frame) : PngPixelLayout.Rgba;
        using var compressed = new MemoryStream();
        Compress(frame, layout, options.CompressionLevel, compressed);
        var data = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);

        var chunks = (data.Length + MaxIdatChunk - 1) / MaxIdatChunk;
        var paletteBytes = layout.Palette.Length * 3;
        var size = Signature.Length + (12 + 13) + (paletteBytes > 0 ? 12 + paletteBytes : 0) + (12 * Math.Max(1, chunks)) + data.Length + 12;
        var output = new byte[size];
        var writer = new PngChunkWriter(output);
        writer.WriteSignature(Signature);
        writer.WriteHeader(frame.Width, frame.Height, layout.BitDepth, layout.ColorType);
        if (paletteBytes > 0)
        {
            writer.WritePalette(layout.Palette);
        }

        do
        {
            var length = Math.Min(MaxIdatChunk, data.Length);
            writer.WriteChunk("IDAT"u8, data[..length]);
            data = data[length..];
        }
        while (!data.IsEmpty);

        writer.WriteChunk("IEND"u8, []);
        return output;
    }

    private static void Compress(IImageRows frame, PngPixelLayout layout, int level, Stream destination)
    {
        var rowBytes = layout.RowBytes(frame.Width);
        var filter = new PngRowFilter(rowBytes, layout.FilterStride, adaptive: layout.ColorType != PngColorType.Palette);
        var previous = new byte[rowBytes];
        var current = new byte[rowBytes];

        using var zlib = new ZLibStream(destination, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true);
        for (var y = 0; y < frame.Height; y++)
        {
            layout.WriteRow(frame, y, current);
            zlib.Write(filter.Apply(current, y == 0 ? [] : previous));
            (previous, current) = (current, previous);
        }
    }
}
