using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>
/// Stands in for the ASPEED decoder in protocol tests: records exactly which frames reached it and reports the
/// screen complete after <see cref="FramesUntilComplete"/> frames.
/// </summary>
internal sealed class RecordingDecoder : IVideoFrameDecoder, IVideoFrameDecoderFactory
{
    private readonly List<CompressedVideoFrame> _frames = [];

    public int FramesUntilComplete { get; init; } = 1;

    /// <summary>The capture's packet and frame buffers are reserved here; a test may share one budget among recorders.</summary>
    public DecodeMemoryAccount Memory { get; init; } = new DecodeMemoryBudget(TimeProvider.System).OpenAccount();

    public IReadOnlyList<CompressedVideoFrame> Frames
    {
        get
        {
            lock (_frames)
            {
                return [.. _frames];
            }
        }
    }

    public bool IsComplete => Frames.Count >= FramesUntilComplete;

    public IVideoFrameDecoder Create() => this;

    public ValueTask DecodeAsync(CompressedVideoFrame frame, CancellationToken cancellationToken)
    {
        lock (_frames)
        {
            _frames.Add(frame with { Data = frame.Data.ToArray() });
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
    }

    public Frame Snapshot() => ToFrame();

    public Frame ToFrame()
    {
        var header = Frames[^1].Header;
        return Frame.CreateBlack(header.Width, header.Height, FrameLimits.Default);
    }
}
