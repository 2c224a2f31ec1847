using BenchmarkDotNet.Attributes;
using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Aspeed;
using OvhIkvm.Simulators.Aspeed;

namespace OvhIkvm.Benchmarks.Aspeed;

/// <summary>
/// Decoding one whole ASPEED frame into the persistent framebuffer: the real ATEN capture, and encoder-made text
/// consoles as an AMI BMC sends them by default (4:4:4, VQ for few-colour blocks, DCT at selector 4).
/// </summary>
[MemoryDiagnoser]
public class AspeedDecodeBenchmarks
{
    private AspeedDecoder _decoder = null!;
    private AspeedFrameParameters _parameters = null!;
    private byte[] _bitstream = [];

    [Params("aten-1024x768", "console-800x600", "console-1024x768", "console-1920x1080", "picture420-1920x1080")]
    public string Screen { get; set; } = "aten-1024x768";

    [GlobalSetup]
    public void Setup()
    {
        (_parameters, _bitstream) = Screen switch
        {
            "aten-1024x768" => (new AspeedFrameParameters(1024, 768, Mode420: true, TableSelector: 5), File.ReadAllBytes(BenchmarkFixtures.AtenCapturePath)[4..]),
            "picture420-1920x1080" => Encode(SyntheticScreens.Picture(1920, 1080), new AspeedEncoderOptions(Mode420: true, TableSelector: 4)),
            _ => EncodeConsole(Screen),
        };
        _decoder = new AspeedDecoder(FrameLimits.Default);
        _decoder.Decode(_parameters, _bitstream);
    }

    [Benchmark]
    public int Decode() => _decoder.Decode(_parameters, _bitstream).BlocksDecoded;

    private static (AspeedFrameParameters, byte[]) EncodeConsole(string screen)
    {
        var size = screen["console-".Length..].Split('x');
        var (width, height) = (int.Parse(size[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(size[1], System.Globalization.CultureInfo.InvariantCulture));
        return Encode(SyntheticScreens.Console(width, height, seed: 1), new AspeedEncoderOptions(TableSelector: 4));
    }

    private static (AspeedFrameParameters, byte[]) Encode(Frame screen, AspeedEncoderOptions options) =>
        (options.ToFrameParameters(screen.Width, screen.Height), AspeedEncoder.Encode(screen, options));
}
