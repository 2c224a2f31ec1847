namespace OvhIkvm.Simulators.Screens;

/// <summary>The 16 colours of the VGA text-mode palette, in attribute-nibble order (0 = black ... 15 = white).</summary>
public enum VgaColor
{
    Black = 0,
    Blue = 1,
    Green = 2,
    Cyan = 3,
    Red = 4,
    Magenta = 5,
    Brown = 6,
    LightGray = 7,
    DarkGray = 8,
    LightBlue = 9,
    LightGreen = 10,
    LightCyan = 11,
    LightRed = 12,
    LightMagenta = 13,
    Yellow = 14,
    White = 15,
}
