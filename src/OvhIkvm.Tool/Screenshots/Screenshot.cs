using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Rendering;
using OvhIkvm.Imaging.Text;

namespace OvhIkvm.Tool.Screenshots;

/// <summary>A captured and rendered console screen.</summary>
/// <param name="ServerId">The server it shows.</param>
/// <param name="Image">The PNG as the client receives it.</param>
/// <param name="SourceWidth">Width of the console as captured, before any scaling.</param>
/// <param name="SourceHeight">Height of the console as captured, before any scaling.</param>
/// <param name="CapturedAt">When the frame was complete.</param>
internal sealed record Screenshot(string ServerId, RenderedImage Image, int SourceWidth, int SourceHeight, DateTimeOffset CapturedAt)
{
    /// <summary>The frame as captured, so a caller bound by a size limit can render it again; null when not kept.</summary>
    public Frame? Source { get; init; }

    /// <summary>The console's text, read once per capture; null for graphical screens and unknown fonts.</summary>
    public ConsoleText? Text { get; init; }

    /// <summary>A captured frame as a client receives it: raw, or rendered for LLM vision.</summary>
    public static Screenshot Render(string serverId, CapturedFrame captured, IScreenshotRenderer renderer, bool raw)
    {
        ArgumentNullException.ThrowIfNull(captured);
        ArgumentNullException.ThrowIfNull(renderer);
        var frame = captured.Frame;
        return new Screenshot(serverId, renderer.Render(frame, raw), frame.Width, frame.Height, captured.CapturedAt) { Source = frame, Text = captured.Text };
    }
}
