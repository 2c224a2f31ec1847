namespace OvhIkvm.Kvm.Ami.Video;

/// <summary>One reassembled frame: its header and exactly CompressSize bytes of compressed data.</summary>
internal sealed record CompressedVideoFrame(VideoFrameHeader Header, ReadOnlyMemory<byte> Data);
