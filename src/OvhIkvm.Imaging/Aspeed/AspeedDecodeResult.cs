namespace OvhIkvm.Imaging.Aspeed;

/// <summary>What one call to <see cref="AspeedDecoder.Decode"/> did.</summary>
/// <param name="BlocksDecoded">Blocks painted by this bitstream.</param>
/// <param name="ReachedEndOfFrame">The end-of-frame code (0x9) was found.</param>
public sealed record AspeedDecodeResult(int BlocksDecoded, bool ReachedEndOfFrame);
