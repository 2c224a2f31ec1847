namespace OvhIkvm.Imaging.Jpeg;

/// <summary>One colour component of a frame (SOF) and the samples decoded for it so far.</summary>
internal sealed class JpegComponent(byte id, int horizontalSampling, int verticalSampling, int quantizationTable)
{
    public byte Id { get; } = id;

    public int HorizontalSampling { get; } = horizontalSampling;

    public int VerticalSampling { get; } = verticalSampling;

    public int QuantizationTable { get; } = quantizationTable;

    /// <summary>Samples this component really has (T.81 A.1.1: ceil(X * H / Hmax)).</summary>
    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>Blocks per row and column of the MCU grid, which covers the padding of the last MCU.</summary>
    public int BlocksPerLine { get; private set; }

    public int BlocksPerColumn { get; private set; }

    /// <summary>Decoded samples, <see cref="PlaneStride"/> bytes per row, covering every block of the MCU grid.</summary>
    public byte[] Plane { get; private set; } = [];

    public int PlaneStride => BlocksPerLine * 8;

    public int DcPredictor { get; set; }

    public int DcTable { get; set; }

    public int AcTable { get; set; }

    public bool Scanned { get; set; }

    public void SetGeometry(int frameWidth, int frameHeight, int maxH, int maxV, int mcusPerLine, int mcusPerColumn)
    {
        Width = (int)(((long)frameWidth * HorizontalSampling + maxH - 1) / maxH);
        Height = (int)(((long)frameHeight * VerticalSampling + maxV - 1) / maxV);
        BlocksPerLine = mcusPerLine * HorizontalSampling;
        BlocksPerColumn = mcusPerColumn * VerticalSampling;
    }

    public void AllocatePlane()
    {
        if (Plane.Length == 0)
        {
            Plane = new byte[BlocksPerLine * 8 * BlocksPerColumn * 8];
        }
    }
}
