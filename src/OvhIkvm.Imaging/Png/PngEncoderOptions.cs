namespace OvhIkvm.Imaging.Png;

/// <summary>How <see cref="PngEncoder"/> trades time for bytes.</summary>
/// <param name="CompressionLevel">zlib level, 0 (store) to 9 (smallest). 6 is zlib's own default and, on screen
/// content after our filtering, within a few percent of 9 at a fraction of the time.</param>
/// <param name="ReduceColors">Pick the smallest lossless colour type (greyscale, palette, RGB) for the pixels.
/// False always writes 8-bit RGBA, the format of a naive encoder, kept as a yardstick.</param>
public sealed record PngEncoderOptions(int CompressionLevel = PngEncoderOptions.DefaultCompressionLevel, bool ReduceColors = true)
{
    public const int DefaultCompressionLevel = 9;

    public static PngEncoderOptions Default { get; } = new();

    /// <exception cref="ArgumentOutOfRangeException">The level is outside 0..9.</exception>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)CompressionLevel, 9u, nameof(CompressionLevel));
}
