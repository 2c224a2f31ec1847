namespace OvhIkvm.Kvm.Ami.Video;

/// <summary>Creates one decoder per KVM session: decoders keep the screen between incremental frames.</summary>
internal interface IVideoFrameDecoderFactory
{
    IVideoFrameDecoder Create();
}
