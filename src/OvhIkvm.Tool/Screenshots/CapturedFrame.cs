using OvhIkvm.Imaging;

namespace OvhIkvm.Tool.Screenshots;

/// <summary>A frame as one capture produced it, shared by every caller that asked for the same server meanwhile.</summary>
internal sealed record CapturedFrame(Frame Frame, DateTimeOffset CapturedAt);
