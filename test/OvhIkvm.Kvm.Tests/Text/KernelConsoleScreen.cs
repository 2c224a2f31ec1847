namespace OvhIkvm.Kvm.Tests.Text;

/// <summary>
/// What a Linux virtual console shows after the kernel wrote a log: each line wrapped at the console's width, the
/// screen holding the last rows, with the cursor on the empty row after the final newline.
/// </summary>
internal static class KernelConsoleScreen
{
    // fbcon announces its takeover after it happened; the lines before were laid out for the previous console's
    // width (80 columns of vgacon) and fbcon keeps them as they were, so only the lines after it are known here.
    private const string FramebufferTakeover = "Console: switching to colour frame buffer device";

    /// <summary>
    /// The rows the log determines, at most <paramref name="rows"/>, the cursor's empty row last (the lines since fbcon
    /// took over, or all of them).
    /// </summary>
    /// <param name="log">The log's lines; the last is the empty line after the final newline, where the cursor is.</param>
    /// <param name="columns">The console's width in cells.</param>
    /// <param name="rows">The console's height in cells.</param>
    public static IReadOnlyList<string> LastRows(IReadOnlyList<string> log, int columns, int rows)
    {
        var takeover = log.ToList().FindLastIndex(line => line.Contains(FramebufferTakeover, StringComparison.Ordinal));
        var wrapped = new List<string>();
        foreach (var line in log.Skip(takeover + 1))
        {
            // A line of exactly `columns` characters leaves the cursor pending at the right edge (the VT's deferred
            // wrap), so its newline starts one row, not two.
            for (var start = 0; start == 0 || start < line.Length; start += columns)
            {
                wrapped.Add(line.Substring(start, Math.Min(columns, line.Length - start)).TrimEnd());
            }
        }

        return wrapped.Count <= rows ? wrapped : wrapped[^rows..];
    }
}
