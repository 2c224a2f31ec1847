using BenchmarkDotNet.Attributes;
using OvhIkvm.Imaging;
using OvhIkvm.Simulators.Screens;

namespace OvhIkvm.Benchmarks.Screens;

/// <summary>
/// Rendering a full 1024x768 console (128x48 cells, every cell drawn) and building a catalogue screen, the work the
/// BMC simulator does for each frame it serves.
/// </summary>
[MemoryDiagnoser]
public class TextScreenRenderBenchmarks
{
    private TextScreen _panic = null!;
    private Frame _frame = null!;

    [GlobalSetup]
    public void Setup()
    {
        _panic = DemoScreens.Create(DemoScreenKind.KernelPanic, "ns1234567", TextMode.Text128x48);
        _frame = Frame.CreateBlack(_panic.Mode.Width, _panic.Mode.Height, FrameLimits.Default);
    }

    [Benchmark(Baseline = true, Description = "Render 1024x768 into a new frame")]
    public Frame Render() => _panic.Render();

    [Benchmark(Description = "RenderInto an existing 1024x768 frame")]
    public Frame RenderInto()
    {
        _panic.RenderInto(_frame);
        return _frame;
    }

    [Benchmark(Description = "Build the kernel panic screen and render it")]
    public Frame BuildAndRender() => DemoScreens.Render(DemoScreenKind.KernelPanic, "ns1234567", TextMode.Text128x48);
}
