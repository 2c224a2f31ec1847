using OvhIkvm.Tool.Screenshots;

namespace OvhIkvm.Tool.Cli;

/// <summary>How the commands that show a screen (<c>screenshot</c>, <c>wait</c>) hand it to a person or a script.</summary>
internal static class ScreenOutput
{
    /// <summary>Writes the PNG and one line on stdout saying where and what.</summary>
    public static async Task WritePngAsync(Screenshot screenshot, string path, TextWriter output, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        await File.WriteAllBytesAsync(fullPath, screenshot.Image.Png, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(
            $"{fullPath} ({screenshot.Image.Width}x{screenshot.Image.Height} PNG, {screenshot.Image.Png.Length:N0} bytes; console {screenshot.SourceWidth}x{screenshot.SourceHeight})").ConfigureAwait(false);
    }

    /// <summary>
    /// The console text on stdout, as get_screenshot's text block has it, with its grid, font and share recognised on
    /// stderr; or, for a graphical screen or an unknown font, a sentence on stderr saying no text was read.
    /// </summary>
    public static async Task WriteTextAsync(Screenshot screenshot, TextWriter output, TextWriter error)
    {
        if (screenshot.Text is not { } text)
        {
            await error.WriteLineAsync($"No console text was recognised on the screen of {screenshot.ServerId} (a graphical screen, or a font the recogniser does not know); look at the image instead.").ConfigureAwait(false);
            return;
        }

        await error.WriteLineAsync($"Console text: {text.Summary}").ConfigureAwait(false);
        await output.WriteLineAsync(text.Text).ConfigureAwait(false);
    }
}
