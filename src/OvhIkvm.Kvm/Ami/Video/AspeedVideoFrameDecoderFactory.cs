using OvhIkvm.Imaging;

namespace OvhIkvm.Kvm.Ami.Video;

internal sealed class AspeedVideoFrameDecoderFactory(FrameLimits limits) : IVideoFrameDecoderFactory
{
    public IVideoFrameDecoder Create() => new AspeedVideoFrameDecoder(limits);
}
