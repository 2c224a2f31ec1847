namespace OvhIkvm.Simulators.Screens;

/// <summary>How a visible cursor is drawn.</summary>
public enum CursorShape
{
    /// <summary>The two bottom scan lines of the cell, like the VGA BIOS default.</summary>
    Underline,

    /// <summary>The whole cell in inverse video.</summary>
    Block,
}
