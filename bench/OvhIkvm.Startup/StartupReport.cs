using System.Globalization;
using System.Text;

namespace OvhIkvm.Startup;

/// <summary>What was measured for one program, run after run.</summary>
internal sealed class CandidateSamples
{
    public List<double> InitializeMs { get; } = [];

    public List<double> InitializeCpuMs { get; } = [];

    public List<double> ToolsListMs { get; } = [];

    public List<double> IdleMiB { get; } = [];

    public List<double> ScreenshotPeakMiB { get; } = [];

    public CandidateSummary Summarise(Candidate candidate) =>
        new(candidate.Name, Spread.Of(InitializeMs), Spread.Of(InitializeCpuMs), Spread.Of(ToolsListMs), Spread.Of(IdleMiB), ScreenshotPeakMiB.Count > 0 ? Spread.Of(ScreenshotPeakMiB) : null);
}

internal readonly record struct Spread(double Median, double Min, double Max)
{
    public static Spread Of(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1]);
    }

    public string Format(IFormatProvider culture, string unit) =>
        string.Create(culture, $"{Median:0} {unit} ({Min:0}–{Max:0})");
}

internal sealed record CandidateSummary(string Name, Spread Initialize, Spread InitializeCpu, Spread ToolsList, Spread IdleMiB, Spread? ScreenshotPeakMiB);

/// <summary>The harness's result, as the Markdown table the README carries.</summary>
internal sealed record StartupReport(int Runs, IReadOnlyList<CandidateSummary> Candidates, IReadOnlyList<(string Package, double MiB)> Packages)
{
    public string ToMarkdown(CultureInfo culture)
    {
        var text = new StringBuilder();
        text.AppendLine(culture, $"Median (min–max) of {Runs} interleaved runs; times from process start to the reply; CPU is user + kernel time of all the process's threads, in 10 ms ticks.");
        text.AppendLine();
        text.AppendLine("| Program | `initialize` | CPU used by then | first `tools/list` | idle RSS | peak RSS, one 1920x1080 screenshot |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var c in Candidates)
        {
            var screenshot = c.ScreenshotPeakMiB?.Format(culture, "MiB") ?? "–";
            text.AppendLine(culture, $"| {c.Name} | {c.Initialize.Format(culture, "ms")} | {c.InitializeCpu.Format(culture, "ms")} | {c.ToolsList.Format(culture, "ms")} | {c.IdleMiB.Format(culture, "MiB")} | {screenshot} |");
        }

        if (Packages.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| Package | Size |");
            text.AppendLine("|---|---:|");
            foreach (var (package, mib) in Packages)
            {
                var size = mib >= 1 ? string.Create(culture, $"{mib:0.0} MiB") : string.Create(culture, $"{mib * 1024:0} KiB");
                text.AppendLine(culture, $"| {package} | {size} |");
            }
        }

        return text.ToString();
    }
}
