using OvhIkvm.Imaging.Png;

namespace OvhIkvm.Imaging.Rendering;

/// <summary>
/// The default renderer. Raw frames are encoded losslessly as captured (in the smallest PNG colour type);
/// otherwise the <see cref="VisionOptions"/> shape the image for a vision model within the client's budget.
/// </summary>
public sealed class ScreenshotRenderer : IScreenshotRenderer
{
    private readonly VisionOptions _options;

    /// <summary>Uses <see cref="VisionOptions.Default"/>.</summary>
    public ScreenshotRenderer()
        : this(VisionOptions.Default)
    {
    }

    /// <exception cref="ArgumentOutOfRangeException">An option is outside its documented range.</exception>
    public ScreenshotRenderer(VisionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    public RenderedImage Render(Frame frame, bool raw)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (raw)
        {
            return new RenderedImage(PngEncoder.Encode(frame, new PngEncoderOptions(_options.CompressionLevel)), frame.Width, frame.Height);
        }

        return VisionOptimizer.Optimize(frame, _options);
    }
}
