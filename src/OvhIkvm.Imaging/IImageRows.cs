namespace OvhIkvm.Imaging;

/// <summary>
/// An image produced one RGBA32 row at a time, so that the rendering steps between a captured frame and its PNG
/// (brightness, scaling, greyscale) run as one pass over the frame instead of each holding a whole copy of it.
/// </summary>
/// <remarks>
/// Readers go down the rows in order; asking for a row above the last one starts over from the top. A row returned
/// is valid until the next call.
/// </remarks>
internal interface IImageRows
{
    int Width { get; }

    int Height { get; }

    /// <summary>True when every pixel is opaque by construction, so nobody needs to look at the alpha bytes.</summary>
    bool AlwaysOpaque { get; }

    ReadOnlySpan<byte> Row(int y);
}
