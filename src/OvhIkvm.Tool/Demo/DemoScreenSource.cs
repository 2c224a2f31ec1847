using OvhIkvm.Imaging;
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
        _screen = Encode(DemoScreens.Render(kind, hostName));
    }

    public BmcScreen NextFrame() => _screen;

    /// <summary>A frame as the demo's BMCs send it.</summary>
    public static BmcScreen Encode(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return new BmcScreen(frame.Width, frame.Height, Encoding.Mode420, (byte)Encoding.TableSelector, AspeedEncoder.Encode(frame, Encoding));
    }
}
