using OvhIkvm.Imaging.Png;

namespace OvhIkvm.Imaging.Rendering;

/// <summary>
/// Shapes a captured screen for a vision model, then encodes it: brightness lift, then the largest scale the
/// budget allows (integer nearest-neighbour when the configured factor fits, area filter otherwise), then PNG.
/// When the PNG exceeds the byte budget it retries in greyscale, then at smaller scales, until it fits.
/// The steps are chained rows (<see cref="IImageRows"/>): the encoder pulls each row through them, so a render holds
/// the captured frame and a few rows, not a copy of the frame per step.
/// </summary>
internal static class VisionOptimizer
{
    /// <summary>Each smaller-scale retry aims this far below the budget, so one or two retries suffice.</summary>
    private const double RetryMargin = 0.9;

    public static RenderedImage Optimize(Frame frame, VisionOptions options)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var encoder = new PngEncoderOptions(options.CompressionLevel);

        var gain = options.LiftBrightness ? BrightnessLift.ChooseGain(frame, options.MaxBrightnessGain) : 1.0;
        IImageRows source = gain > 1.0 ? BrightnessLift.Apply(frame, gain) : frame;

        var scale = ChooseScale(frame.Width, frame.Height, options);
        var image = Resize(source, scale);
        var png = PngEncoder.Encode(image, encoder);
        if (png.Length <= options.MaxPngBytes)
        {
            return new RenderedImage(png, image.Width, image.Height);
        }

        // Colour is the cheapest thing to give up: text stays as sharp as it was.
        if (!GreyscaleConverter.IsGrey(source))
        {
            source = GreyscaleConverter.ToGrey(source);
            image = GreyscaleConverter.ToGrey(image);
            png = PngEncoder.Encode(image, encoder);
        }

        // PNG size grows roughly with the pixel count, so the square root of the overshoot is the next scale.
        while (png.Length > options.MaxPngBytes && (image.Width > 1 || image.Height > 1))
        {
            scale *= Math.Sqrt((double)options.MaxPngBytes / png.Length) * RetryMargin;
            image = Resize(source, scale);
            png = PngEncoder.Encode(image, encoder);
        }

        return new RenderedImage(png, image.Width, image.Height);
    }

    /// <summary>The configured factor if the long edge allows it, else the largest scale that fits.</summary>
    internal static double ChooseScale(int width, int height, VisionOptions options)
    {
        var fits = (double)options.MaxLongEdge / Math.Max(width, height);
        return Math.Min(options.UpscaleFactor, fits);
    }

    /// <summary>Integer scales are exact pixel replication; anything else goes through the area filter.</summary>
    internal static IImageRows Resize(IImageRows source, double scale)
    {
        if (scale >= 1 && scale == Math.Floor(scale))
        {
            return FrameScaler.NearestNeighbour(source, (int)scale);
        }

        // Floor keeps the long edge within the budget; at least one pixel either way.
        var width = Math.Max(1, (int)Math.Floor(source.Width * scale));
        var height = Math.Max(1, (int)Math.Floor(source.Height * scale));
        return width == source.Width && height == source.Height ? FrameScaler.NearestNeighbour(source, 1) : FrameScaler.Area(source, width, height);
    }
}
