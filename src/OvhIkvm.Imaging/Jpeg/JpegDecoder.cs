using System.Runtime.InteropServices;
using SkiaSharp;

namespace OvhIkvm.Imaging.Jpeg;

/// <summary>
/// Decodes the JPEG frames of BMCs and of VNC Tight encoding with SkiaSharp (libjpeg-turbo), after a managed check
/// of the header: the size is held to <see cref="FrameLimits"/> and to what the received data can possibly code
/// before anything is allocated, and kinds no console sends (progressive, arithmetic, lossless, hierarchical,
/// 12-bit) are refused by name. Side-by-side numbers against the former managed decoder are in docs/imaging.md.
/// </summary>
public static class JpegDecoder
{
    private static ReadOnlySpan<byte> EndOfImage => [0xFF, JpegMarker.EndOfImage];

    /// <summary>Decodes a complete JPEG file (SOI to EOI) into an opaque RGBA frame.</summary>
    /// <exception cref="ImageDecodeException">The data is corrupt, truncated, too large, or an unsupported kind of JPEG.</exception>
    public static Frame Decode(ReadOnlySpan<byte> jpeg, FrameLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var header = JpegHeader.Read(jpeg);
        limits.EnsureWithin(header.Width, header.Height);
        if (jpeg.Length - header.ScanOffset < header.MinimumScanBytes)
        {
            throw new ImageDecodeException(
                $"truncated JPEG: {header.Width}x{header.Height} needs at least {header.MinimumScanBytes} bytes of image data, " +
                $"but only {jpeg.Length - header.ScanOffset} arrived");
        }

        // libjpeg paints whatever a cut stream lacks grey and calls it a warning; a screen that is half grey would be
        // read as a real console. The end marker is the proof that the image data arrived whole (inside entropy-coded
        // data 0xFF is always stuffed, so FF D9 can only be the marker).
        if (jpeg[header.ScanOffset..].IndexOf(EndOfImage) < 0)
        {
            throw new ImageDecodeException("truncated JPEG: the data ends before the end-of-image marker (FF D9)");
        }

        try
        {
            return DecodeNative(jpeg, header);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException)
        {
            throw new ImageDecodeException(
                $"JPEG frames need SkiaSharp's native library, which this installation lacks for {RuntimeInformation.RuntimeIdentifier}; " +
                "the package carries it for linux-x64, linux-arm64, linux-musl-x64, linux-musl-arm64, osx, win-x64 and win-arm64");
        }
    }

    private static Frame DecodeNative(ReadOnlySpan<byte> jpeg, JpegHeader header)
    {
        // No colour space: pixels come out as coded, like djpeg's, whatever ICC profile a peer attaches.
        var info = new SKImageInfo(header.Width, header.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var data = SKData.CreateCopy(jpeg);
        using var codec = Open(data, header);
        var pixels = new byte[info.BytesSize];
        var result = codec.GetPixels(info, pixels);
        return result switch
        {
            SKCodecResult.Success => new Frame(header.Width, header.Height, pixels),
            SKCodecResult.IncompleteInput => throw new ImageDecodeException("truncated JPEG: the image data ends before the last block"),
            SKCodecResult.ErrorInInput => throw new ImageDecodeException("corrupt JPEG: the image data has an error"),
            _ => throw new ImageDecodeException($"corrupt JPEG: the decoder reported {result}"),
        };
    }

    private static SKCodec Open(SKData data, JpegHeader header)
    {
        var codec = SKCodec.Create(data) ?? throw new ImageDecodeException("corrupt JPEG: the decoder could not read its header");
        if (codec.Info.Width != header.Width || codec.Info.Height != header.Height)
        {
            codec.Dispose();
            throw new ImageDecodeException("corrupt JPEG: the decoder read other dimensions than the frame header's");
        }

        return codec;
    }
}
