namespace OvhIkvm.Simulators.Screens;

/// <summary>The attribute of a text cell: foreground and background colour.</summary>
public readonly record struct TextStyle(VgaColor Foreground, VgaColor Background)
{
    /// <summary>Light grey on black: what a PC console shows before anything sets a colour.</summary>
    public static TextStyle Default { get; } = new(VgaColor.LightGray, VgaColor.Black);

    /// <summary>Inverse video: the colours swapped, as consoles and menus show a selection.</summary>
    public TextStyle Inverse => new(Background, Foreground);

    // Written out: the compiler's record printer would print Inverse, whose Inverse it would print, and so on
    // until the stack overflows.
    public override string ToString() => $"{Foreground} on {Background}";
}
