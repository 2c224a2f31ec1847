namespace OvhIkvm.Imaging.Text;

/// <summary>Where a console's character cells lie in a frame: the cell size and the top-left corner of cell (0, 0).</summary>
public sealed record TextGrid(int CellWidth, int CellHeight, int OriginX, int OriginY, int Columns, int Rows)
{
    public override string ToString() => $"{Columns}x{Rows} cells of {CellWidth}x{CellHeight} at ({OriginX},{OriginY})";
}
