namespace OvhIkvm.Imaging.Rendering;

/// <summary>The rows of a source with every pixel mapped on its own (brightness, greyscale), opaque, at the source's size.</summary>
internal abstract class PixelMappedRows(IImageRows source) : IImageRows
{
    private readonly byte[] _row = new byte[source.Width * Frame.BytesPerPixel];

    public int Width => source.Width;

    public int Height => source.Height;

    public bool AlwaysOpaque => true;

    public ReadOnlySpan<byte> Row(int y)
    {
        Map(source.Row(y), _row);
        return _row;
    }

    /// <summary>Writes the mapped <paramref name="source"/> row to <paramref name="target"/>, alpha opaque.</summary>
    protected abstract void Map(ReadOnlySpan<byte> source, Span<byte> target);
}
