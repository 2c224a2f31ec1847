using BenchmarkDotNet.Attributes;
using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Png;
using OvhIkvm.Imaging.Rendering;

namespace OvhIkvm.Benchmarks.Imaging;

/// <summary>
/// PNG encode of a 1600x1200 console screen (an 800x600 screen after the 2x upscale), at zlib levels 6 and 9,
/// against a naive deflate-9 RGBA encode of the same pixels. Output sizes are printed once in setup.
/// </summary>
[MemoryDiagnoser]
public class PngEncodeBenchmarks
{
    private Frame _screen = null!;

    [Params(6, 9)]
    public int Level { get; set; } = 9;

    [GlobalSetup]
    public void Setup()
    {
        _screen = FrameScaler.NearestNeighbour(ConsoleScreens.Setup(800, 600), 2).ToFrame();
        var ours = PngEncoder.Encode(_screen, new PngEncoderOptions(Level)).Length;
        var naive = PngEncoder.Encode(_screen, new PngEncoderOptions(9, ReduceColors: false)).Length;
        Console.Error.WriteLine($"// PNG 1600x1200 console: level {Level} {ours} bytes; deflate-9 RGBA {naive} bytes");
    }

    [Benchmark]
    public byte[] Encode() => PngEncoder.Encode(_screen, new PngEncoderOptions(Level));

    [Benchmark]
    public byte[] EncodeRgbaDeflate9() => PngEncoder.Encode(_screen, new PngEncoderOptions(9, ReduceColors: false));
}
