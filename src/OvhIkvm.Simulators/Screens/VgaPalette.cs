using System.Buffers.Binary;

namespace OvhIkvm.Simulators.Screens;

/// <summary>
/// The RGB values a VGA adapter shows for the 16 text colours: 0xAA for the normal intensity, 0x55 added for the
/// bright half, and brown (colour 6) with its green halved, as the hardware does.
/// </summary>
public static class VgaPalette
{
    public static RgbColor ToRgb(VgaColor color) => color switch
    {
        VgaColor.Black => new(0x00, 0x00, 0x00),
        VgaColor.Blue => new(0x00, 0x00, 0xAA),
        VgaColor.Green => new(0x00, 0xAA, 0x00),
        VgaColor.Cyan => new(0x00, 0xAA, 0xAA),
        VgaColor.Red => new(0xAA, 0x00, 0x00),
        VgaColor.Magenta => new(0xAA, 0x00, 0xAA),
        VgaColor.Brown => new(0xAA, 0x55, 0x00),
        VgaColor.LightGray => new(0xAA, 0xAA, 0xAA),
        VgaColor.DarkGray => new(0x55, 0x55, 0x55),
        VgaColor.LightBlue => new(0x55, 0x55, 0xFF),
        VgaColor.LightGreen => new(0x55, 0xFF, 0x55),
        VgaColor.LightCyan => new(0x55, 0xFF, 0xFF),
        VgaColor.LightRed => new(0xFF, 0x55, 0x55),
        VgaColor.LightMagenta => new(0xFF, 0x55, 0xFF),
        VgaColor.Yellow => new(0xFF, 0xFF, 0x55),
        VgaColor.White => new(0xFF, 0xFF, 0xFF),
        _ => throw new ArgumentOutOfRangeException(nameof(color), color, "not one of the 16 VGA colours"),
    };

    /// <summary>The colour as one opaque RGBA32 pixel, in the byte order of <see cref="OvhIkvm.Imaging.Frame.Pixels"/>.</summary>
    internal static uint ToRgba32Pixel(VgaColor color)
    {
        var rgb = ToRgb(color);
        var rgba = ((uint)rgb.R << 24) | ((uint)rgb.G << 16) | ((uint)rgb.B << 8) | 0xFFu;
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(rgba) : rgba;
    }
}
