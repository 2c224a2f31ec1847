namespace OvhIkvm.Imaging;

/// <summary>Turns rows back into a frame, for callers that need the whole image at once.</summary>
internal static class ImageRows
{
    public static Frame ToFrame(this IImageRows rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var stride = rows.Width * Frame.BytesPerPixel;
        var pixels = new byte[(long)stride * rows.Height];
        for (var y = 0; y < rows.Height; y++)
        {
            rows.Row(y).CopyTo(pixels.AsSpan(y * stride, stride));
        }

        return new Frame(rows.Width, rows.Height, pixels);
    }
}
