using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Png;
using OvhIkvm.Imaging.Rendering;
using SkiaSharp;

namespace OvhIkvm.Benchmarks.Imaging;

/// <summary>
/// The library against our code, on the same frames, for the two steps where we kept our own: scaling (2x nearest
/// for text, area filter for 1.53x) and PNG encoding. Skia's PNG encoder writes 8-bit RGB(A) only, so the bytes it
/// produces are printed beside the timings. JPEG decoding went to Skia; see docs/imaging.md for those numbers.
/// </summary>
[MemoryDiagnoser]
public class SkiaComparisonBenchmarks
{
    private Frame _console = null!;
    private Frame _upscaled = null!;

    [Params(1024)]
    public int Width { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _console = ConsoleScreens.Setup(Width, Width * 3 / 4);
        _upscaled = FrameScaler.NearestNeighbour(_console, 2).ToFrame();
        Console.Error.WriteLine($"// PNG of the 2x console: ours {PngEncoder.Encode(_upscaled).Length} B, Skia {SkiaPng(_upscaled).Length} B");
    }

    [Benchmark(Baseline = true)]
    public Frame Nearest2xOurs() => FrameScaler.NearestNeighbour(_console, 2).ToFrame();

    [Benchmark]
    public SKBitmap Nearest2xSkia() => SkiaScale(_console, _console.Width * 2, _console.Height * 2, new SKSamplingOptions(SKFilterMode.Nearest));

    [Benchmark]
    public Frame Area153Ours() => FrameScaler.Area(_console, 1568, 1176).ToFrame();

    [Benchmark]
    public SKBitmap Area153SkiaLinear() => SkiaScale(_console, 1568, 1176, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));

    [Benchmark]
    public byte[] PngOurs() => PngEncoder.Encode(_upscaled);

    [Benchmark]
    public byte[] PngSkia() => SkiaPng(_upscaled);

    private static SKBitmap SkiaScale(Frame frame, int width, int height, SKSamplingOptions sampling)
    {
        using var source = Wrap(frame);
        var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        source.ScalePixels(target, sampling);
        return target;
    }

    private static byte[] SkiaPng(Frame frame)
    {
        using var bitmap = Wrap(frame);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static SKBitmap Wrap(Frame frame)
    {
        var bitmap = new SKBitmap(new SKImageInfo(frame.Width, frame.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        Marshal.Copy(frame.Pixels, 0, bitmap.GetPixels(), frame.Pixels.Length);
        return bitmap;
    }
}
