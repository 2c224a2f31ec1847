namespace OvhIkvm.Imaging.Png;

/// <summary>The IHDR colour types this encoder writes (PNG specification, section 11.2.2).</summary>
public enum PngColorType : byte
{
    Greyscale = 0,
    Rgb = 2,
    Palette = 3,
    Rgba = 6,
}
