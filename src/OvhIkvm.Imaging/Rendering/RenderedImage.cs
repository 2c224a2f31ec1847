namespace OvhIkvm.Imaging.Rendering;

/// <summary>An encoded image ready to hand to a client.</summary>
/// <param name="Png">The PNG file bytes.</param>
/// <param name="Width">Width of the encoded image (after any scaling).</param>
/// <param name="Height">Height of the encoded image (after any scaling).</param>
public sealed record RenderedImage(ReadOnlyMemory<byte> Png, int Width, int Height)
{
    public const string MimeType = "image/png";
}
