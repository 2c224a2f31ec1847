using BenchmarkDotNet.Attributes;
using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Rendering;

namespace OvhIkvm.Benchmarks.Imaging;

/// <summary>
/// The optimiser's pixel work without the PNG encode: 800x600 to 1600x1200 (2x nearest neighbour, brightness lift),
/// and 1024x768 to 1568x1176 (the default budget: area filter). The renderer streams these rows into the encoder;
/// here they are gathered into a frame, so the numbers include one whole-image copy the renderer does not make.
/// </summary>
[MemoryDiagnoser]
public class VisionOptimizerBenchmarks
{
    private Frame _svga = null!;
    private Frame _xga = null!;

    [GlobalSetup]
    public void Setup()
    {
        _svga = ConsoleScreens.Setup(800, 600);
        _xga = ConsoleScreens.Setup(1024, 768);
    }

    [Benchmark]
    public Frame Upscale800x600To1600x1200()
    {
        var gain = BrightnessLift.ChooseGain(_svga, VisionOptions.Default.MaxBrightnessGain);
        IImageRows lifted = gain > 1 ? BrightnessLift.Apply(_svga, gain) : _svga;
        return VisionOptimizer.Resize(lifted, 2).ToFrame();
    }

    [Benchmark]
    public Frame Area1024x768To1568x1176() =>
        VisionOptimizer.Resize(_xga, VisionOptimizer.ChooseScale(_xga.Width, _xga.Height, VisionOptions.Default)).ToFrame();
}
