using BenchmarkDotNet.Attributes;
using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Jpeg;

namespace OvhIkvm.Benchmarks.Imaging;

/// <summary>Baseline JPEG decode at the sizes BMCs send: quality 75, 4:2:0, as cjpeg makes it.</summary>
[MemoryDiagnoser]
public class JpegDecodeBenchmarks
{
    private byte[] _jpeg = [];

    [Params("1024x768", "1920x1080")]
    public string Size { get; set; } = "1024x768";

    [GlobalSetup]
    public void Setup()
    {
        var (width, height) = Size == "1024x768" ? (1024, 768) : (1920, 1080);
        _jpeg = ConsoleScreens.EncodeWithCjpeg(ConsoleScreens.Setup(width, height), "-quality", "75", "-sample", "2x2,1x1,1x1");
    }

    [Benchmark]
    public Frame Decode() => JpegDecoder.Decode(_jpeg, FrameLimits.Default);
}
