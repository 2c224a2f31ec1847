namespace OvhIkvm.Imaging.Tests.Text;

/// <summary>How <see cref="ConsolePainter.PaintCursor"/> draws the cursor, after the code of the consoles that draw it.</summary>
public enum PaintedCursor
{
    /// <summary>fbcon's soft cursor: the last 2 rows of the cell XORed (the last row under 10-row fonts).</summary>
    FramebufferUnderline,

    /// <summary>A VGA in text mode (vgacon, the VGA BIOS): rows height-3 and height-2 (height-2 and height-1 under 10 rows) in the foreground colour.</summary>
    VgaUnderline,

    /// <summary>fbcon's block cursor: the whole cell in inverse video.</summary>
    Block,
}
