namespace OvhIkvm.Simulators.Screens;

/// <summary>An opaque 24-bit colour, as it appears in a rendered <see cref="OvhIkvm.Imaging.Frame"/>.</summary>
public readonly record struct RgbColor(byte R, byte G, byte B)
{
    public override string ToString() => $"#{R:X2}{G:X2}{B:X2}";
}
