using OvhIkvm.Imaging.Rendering;

namespace OvhIkvm.Tool.Mcp;

/// <summary>
/// The largest image a tool result may carry. Desktop clients reject tool results over about 1 MB (the base64 text
/// is a third larger still), so this is the vision optimiser's own budget: what it always fits, the raw path must too.
/// </summary>
internal static class McpImageLimit
{
    public static int MaxPngBytes => VisionOptions.Default.MaxPngBytes;
}
