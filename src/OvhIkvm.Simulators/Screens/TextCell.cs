namespace OvhIkvm.Simulators.Screens;

/// <summary>One character cell of a <see cref="TextScreen"/>.</summary>
public readonly record struct TextCell(char Character, TextStyle Style)
{
    public static TextCell Blank(TextStyle style) => new(' ', style);
}
