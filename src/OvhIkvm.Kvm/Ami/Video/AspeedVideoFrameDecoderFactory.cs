using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Ami.Video;

internal sealed class AspeedVideoFrameDecoderFactory(FrameLimits limits, DecodeMemoryBudget memory) : IVideoFrameDecoderFactory
{
    public IVideoFrameDecoder Create() => new AspeedVideoFrameDecoder(limits, memory);
}
