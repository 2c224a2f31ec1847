using BenchmarkDotNet.Attributes;
using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Jpeg;
using OvhIkvm.Imaging.Rendering;

namespace OvhIkvm.Benchmarks.Imaging;

/// <summary>
/// The whole path a screenshot takes through imaging: JPEG decode, vision optimiser, PNG encode. The target is
/// under 25 ms for a 1024x768 console on the 2-core CI machine.
/// </summary>
[MemoryDiagnoser]
public class ScreenshotChainBenchmarks
{
    private readonly ScreenshotRenderer _renderer = new();
    private readonly ScreenshotRenderer _twice = new(new VisionOptions(MaxLongEdge: 2048));
    private byte[] _jpeg = [];

    [GlobalSetup]
    public void Setup()
    {
        _jpeg = ConsoleScreens.EncodeWithCjpeg(ConsoleScreens.Setup(1024, 768), "-quality", "75", "-sample", "2x2,1x1,1x1");
        foreach (var (name, image) in new[] { ("default", DecodeOptimiseEncode()), ("2x", DecodeUpscale2xEncode()), ("raw", DecodeRawEncode()) })
        {
            Console.Error.WriteLine($"// chain {name}: {_jpeg.Length} byte JPEG -> {image.Width}x{image.Height} PNG of {image.Png.Length} bytes");
        }
    }

    /// <summary>Default budget: 1024x768 becomes 1568x1176 through the area filter.</summary>
    [Benchmark(Baseline = true)]
    public RenderedImage DecodeOptimiseEncode() => _renderer.Render(JpegDecoder.Decode(_jpeg, FrameLimits.Default), raw: false);

    /// <summary>With a 2048 px long edge the 2x nearest-neighbour path runs instead (2048x1536 output).</summary>
    [Benchmark]
    public RenderedImage DecodeUpscale2xEncode() => _twice.Render(JpegDecoder.Decode(_jpeg, FrameLimits.Default), raw: false);

    /// <summary>raw=true: decode and lossless PNG at the captured size.</summary>
    [Benchmark]
    public RenderedImage DecodeRawEncode() => _renderer.Render(JpegDecoder.Decode(_jpeg, FrameLimits.Default), raw: true);
}
