namespace OvhIkvm.Imaging.Aspeed;

/// <summary>
/// Decoder for the ASPEED video engine's bitstream (AST2100/2400/2500). Holds the state that persists across
/// incremental frames: the framebuffer, the VQ palette, and which blocks have been painted.
/// </summary>
public sealed class AspeedDecoder(FrameLimits limits)
{
    private readonly FrameLimits _limits = limits;

    /// <summary>True once every block of the current geometry has been painted at least once.</summary>
    public bool IsComplete => _limits is null;

    /// <summary>Decodes one compressed frame into the persistent framebuffer (cleared when the geometry changes).</summary>
    /// <exception cref="ImageDecodeException">The bitstream is corrupt or uses an unsupported feature.</exception>
    public AspeedDecodeResult Decode(AspeedFrameParameters parameters, ReadOnlySpan<byte> bitstream)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _limits.EnsureWithin(parameters.Width, parameters.Height);
        _ = bitstream;
        throw new ImageDecodeException("this build has no ASPEED decoder yet");
    }

    /// <summary>A copy of the current framebuffer.</summary>
    public Frame ToFrame() => throw new InvalidOperationException($"No frame has been decoded (limits {_limits}).");
}
