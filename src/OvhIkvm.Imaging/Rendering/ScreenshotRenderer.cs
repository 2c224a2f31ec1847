using OvhIkvm.Imaging.Png;

namespace OvhIkvm.Imaging.Rendering;

/// <summary>Default renderer: raw frames are encoded as captured; otherwise upscaled 2x (nearest neighbour).</summary>
public sealed class ScreenshotRenderer : IScreenshotRenderer
{
    private const int UpscaleFactor = 2;

    public RenderedImage Render(Frame frame, bool raw)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var output = raw ? frame : Upscale(frame, UpscaleFactor);
        return new RenderedImage(PngEncoder.Encode(output), output.Width, output.Height);
    }

    private static Frame Upscale(Frame source, int factor)
    {
        var target = new byte[source.Pixels.Length * factor * factor];
        var targetStride = source.Stride * factor;
        for (var y = 0; y < source.Height; y++)
        {
            var sourceRow = source.Row(y);
            var firstTargetRow = target.AsSpan(y * factor * targetStride, targetStride);
            for (var x = 0; x < source.Width; x++)
            {
                var pixel = sourceRow.Slice(x * Frame.BytesPerPixel, Frame.BytesPerPixel);
                for (var copy = 0; copy < factor; copy++)
                {
                    pixel.CopyTo(firstTargetRow[(((x * factor) + copy) * Frame.BytesPerPixel)..]);
                }
            }

            for (var copy = 1; copy < factor; copy++)
            {
                firstTargetRow.CopyTo(target.AsSpan(((y * factor) + copy) * targetStride, targetStride));
            }
        }

        return new Frame(source.Width * factor, source.Height * factor, target);
    }
}
