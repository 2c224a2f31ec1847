using BenchmarkDotNet.Attributes;
using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Aspeed;
using OvhIkvm.Imaging.Text;
using OvhIkvm.Simulators.Aspeed;
using OvhIkvm.Simulators.Screens;

namespace OvhIkvm.Benchmarks.Text;

/// <summary>
/// Reading a console's text from a frame: a full 1024x768 framebuffer console (128x48 cells), the same through the
/// ASPEED codec, the real Supermicro ATEN capture (1024x768, test/fixtures/ami), a VGA 720x400 screen, and a
/// graphical frame that must be rejected. The target is under 10 ms for
/// 1024x768 (docs/console-text.md).
/// </summary>
[MemoryDiagnoser]
public class ConsoleTextRecognizerBenchmarks
{
    private readonly ConsoleTextRecognizer _recognizer = new();
    private Frame _panic = null!;
    private Frame _panicThroughAspeed = null!;
    private Frame _aten = null!;
    private Frame _grub = null!;
    private Frame _noise = null!;

    [GlobalSetup]
    public void Setup()
    {
        _panic = DemoScreens.Create(DemoScreenKind.KernelPanic, "ns1234567", TextMode.Text128x48).Render(ConsoleFont.Vga);
        var options = new AspeedEncoderOptions(Mode420: true, TableSelector: 5, UseVq: false);
        var decoder = new AspeedDecoder(FrameLimits.Default);
        decoder.Decode(options.ToFrameParameters(_panic.Width, _panic.Height), AspeedEncoder.Encode(_panic, options));
        _panicThroughAspeed = decoder.ToFrame();
        var aten = new AspeedDecoder(FrameLimits.Default);
        aten.Decode(new AspeedFrameParameters(1024, 768, Mode420: true, TableSelector: 5), File.ReadAllBytes(BenchmarkFixtures.AtenCapturePath).AsSpan(4));
        _aten = aten.ToFrame();
        _grub = DemoScreens.Create(DemoScreenKind.GrubMenu, "ns1234567").Render(ConsoleFont.Vga);
        var random = new Random(1);
        var pixels = new byte[1024 * 768 * 4];
        random.NextBytes(pixels);
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 255;
        }

        _noise = new Frame(1024, 768, pixels);
        if (_recognizer.Recognize(_panic) is null || _recognizer.Recognize(_panicThroughAspeed) is null || _recognizer.Recognize(_aten) is null || _recognizer.Recognize(_noise) is not null)
        {
            throw new InvalidOperationException("The benchmark frames do not read as expected.");
        }
    }

    [Benchmark(Baseline = true, Description = "Kernel panic, 1024x768 framebuffer, lossless")]
    public ConsoleText? Panic() => _recognizer.Recognize(_panic);

    [Benchmark(Description = "Kernel panic, 1024x768, through ASPEED 4:2:0")]
    public ConsoleText? PanicThroughAspeed() => _recognizer.Recognize(_panicThroughAspeed);

    [Benchmark(Description = "Real ATEN capture, 1024x768 ASPEED 4:2:0 (test/fixtures/ami)")]
    public ConsoleText? AtenCapture() => _recognizer.Recognize(_aten);

    [Benchmark(Description = "GRUB menu, 640x400 VGA text")]
    public ConsoleText? Grub() => _recognizer.Recognize(_grub);

    [Benchmark(Description = "Noise, 1024x768 (no text)")]
    public ConsoleText? Noise() => _recognizer.Recognize(_noise);
}
