namespace OvhIkvm.Imaging.Text;

/// <summary>Where a console's cursor (underline or block) stands: its cell, counted from 0 like <see cref="ConsoleText.Rows"/>.</summary>
/// <param name="Row">Index of the row in <see cref="ConsoleText.Rows"/>.</param>
/// <param name="Column">Index of the character in that row (past the row's end when the cursor stands on a blank).</param>
public sealed record ConsoleCursor(int Row, int Column);
