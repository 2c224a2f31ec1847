using BenchmarkDotNet.Attributes;
using OvhIkvm.Imaging;
using OvhIkvm.Simulators.Aspeed;

namespace OvhIkvm.Benchmarks.Aspeed;

/// <summary>How fast the simulator can produce screens: a full console frame, and a one-line incremental update.</summary>
[MemoryDiagnoser]
public class AspeedEncodeBenchmarks
{
    private readonly AspeedEncoderOptions _options = new(TableSelector: 4);
    private Frame _screen = null!;
    private Frame _changed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _screen = SyntheticScreens.Console(1024, 768, seed: 1);
        _changed = SyntheticScreens.WithBlock(_screen, left: 0, top: 752, size: 16, SyntheticScreens.ConsoleColours[1]);
    }

    [Benchmark]
    public int EncodeFullConsole1024x768() => AspeedEncoder.Encode(_screen, _options).Length;

    [Benchmark]
    public int EncodeIncrementalConsole1024x768() => AspeedEncoder.EncodeChanges(_screen, _changed, _options).Length;
}
