using OvhIkvm.Simulators.Aspeed;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Simulators.Screens;

namespace OvhIkvm.Tool.Demo;

/// <summary>A static console picture, compressed once the way an AMI BMC's video engine would send it.</summary>
internal sealed class DemoScreenSource : IBmcScreenSource
{
    // 4:4:4 with VQ blocks: a text console is mostly two-colour blocks, which VQ codes exactly, as real engines do.
    private static readonly AspeedEncoderOptions Encoding = new(Mode420: false, TableSelector: 7, UseVq: true);

    private readonly BmcScreen _screen;

    public DemoScreenSource(DemoScreenKind kind, string hostName)
    {
        var frame = DemoScreens.Render(kind, hostName);
        _screen = new BmcScreen(frame.Width, frame.Height, Encoding.Mode420, (byte)Encoding.TableSelector, AspeedEncoder.Encode(frame, Encoding));
    }

    public BmcScreen NextFrame() => _screen;
}
