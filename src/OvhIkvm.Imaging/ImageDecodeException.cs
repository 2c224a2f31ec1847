namespace OvhIkvm.Imaging;

/// <summary>
/// The one exception every decoder throws for input it cannot or will not decode (corrupt, truncated,
/// unsupported, or too large). Its message is safe to show to a user: it never contains pixel data or secrets.
/// </summary>
public sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(string message)
        : base(message)
    {
    }

    public ImageDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
