namespace OvhIkvm.Imaging.Rendering;

/// <summary>The seam between capture and imaging: turns a captured frame into the PNG a client receives.</summary>
public interface IScreenshotRenderer
{
    /// <param name="frame">The captured screen.</param>
    /// <param name="raw">True to encode the frame exactly as captured; false to optimise it for LLM vision.</param>
    RenderedImage Render(Frame frame, bool raw);
}
