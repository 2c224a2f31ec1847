using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Text;

namespace OvhIkvm.Tool.Screenshots;

/// <summary>A frame as one capture produced it, shared by every caller that asked for the same server meanwhile.</summary>
/// <param name="Frame">The screen as captured.</param>
/// <param name="CapturedAt">When the frame was complete.</param>
/// <param name="Text">The console's text when the screen is a text console in a known font, else null.</param>
internal sealed record CapturedFrame(Frame Frame, DateTimeOffset CapturedAt, ConsoleText? Text);
