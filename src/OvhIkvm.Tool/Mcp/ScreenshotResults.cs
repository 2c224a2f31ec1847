using System.Globalization;
using ModelContextProtocol.Protocol;
using OvhIkvm.Consoles;
using OvhIkvm.Imaging.Rendering;
using OvhIkvm.Tool.Screenshots;

namespace OvhIkvm.Tool.Mcp;

/// <summary>A screen as a tool answers it: the image within what clients accept, then the console's text when it was read.</summary>
internal sealed class ScreenshotResults(IScreenshotRenderer renderer)
{
    public CallToolResult From(Screenshot screenshot, bool raw)
    {
        ArgumentNullException.ThrowIfNull(screenshot);
        var result = ImageResult(screenshot, raw);
        if (screenshot.Text is { } text)
        {
            result.Content.Add(new TextContentBlock { Text = $"Console text ({text.Summary}):\n{text.Text}" });
        }

        return result;
    }

    /// <summary>
    /// The image within <see cref="McpImageLimit"/>: a raw PNG over it (a colourful screen compresses badly) is
    /// replaced by the optimised rendering with a sentence saying so; clients reject an oversized result outright.
    /// </summary>
    private CallToolResult ImageResult(Screenshot screenshot, bool raw)
    {
        var image = screenshot.Image;
        if (image.Png.Length <= McpImageLimit.MaxPngBytes)
        {
            return new CallToolResult { Content = [ImageContentBlock.FromBytes(image.Png, RenderedImage.MimeType)] };
        }

        var rawBytes = image.Png.Length;
        if (raw && screenshot.Source is { } frame)
        {
            image = renderer.Render(frame, raw: false);
        }

        if (!raw || image.Png.Length > McpImageLimit.MaxPngBytes)
        {
            throw new ConsoleException(string.Create(
                CultureInfo.InvariantCulture,
                $"The screen of {screenshot.ServerId} encodes to a {image.Png.Length:N0}-byte PNG, over the {McpImageLimit.MaxPngBytes:N0} bytes MCP clients accept; use the command line (ovh-ikvm-mcp screenshot) to save it to a file."));
        }

        return new CallToolResult
        {
            Content =
            [
                ImageContentBlock.FromBytes(image.Png, RenderedImage.MimeType),
                new TextContentBlock
                {
                    Text = string.Create(
                        CultureInfo.InvariantCulture,
                        $"Note: the raw screen ({screenshot.SourceWidth}x{screenshot.SourceHeight}) encodes to a {rawBytes:N0}-byte PNG, over the {McpImageLimit.MaxPngBytes:N0} bytes MCP clients accept, so this is the optimised image ({image.Width}x{image.Height}); `ovh-ikvm-mcp screenshot {screenshot.ServerId} --raw -o screen.png` saves the exact pixels."),
                },
            ],
        };
    }
}
