namespace OvhIkvm.Startup;

/// <summary>The command line: which programs to measure, how often, and what else to report.</summary>
internal sealed record HarnessOptions(
    IReadOnlyList<Candidate> Candidates,
    int Runs,
    int ScreenshotRuns,
    string? PackagesDirectory)
{
    public const string Usage =
        """
        usage: OvhIkvm.Startup --tool NAME=PATH [--tool NAME=PATH ...] [--runs N] [--screenshot-runs N] [--packages DIR]
          --tool             an ovh-ikvm-mcp executable (an installed tool's command, a published binary); repeatable
          --runs             start-up runs per program, interleaved between them (default 10)
          --screenshot-runs  runs of one 1920x1080 screenshot (Xvnc) per tool, for peak RSS; 0 to skip (default 3)
          --packages         a folder of .nupkg files whose sizes to list
        A `dotnet` hello-world that answers `initialize` with a fixed line (this program, run with `respond`) is
        always measured too, as the floor a framework-dependent .NET program starts from.
        """;

    public static HarnessOptions? Parse(IReadOnlyList<string> args)
    {
        var candidates = new List<Candidate>();
        var runs = 10;
        var screenshotRuns = 3;
        string? packages = null;
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--tool" when value.Split('=', 2) is [{ Length: > 0 } name, { Length: > 0 } path]:
                    candidates.Add(new Candidate(name, Path.GetFullPath(path), [], IsTool: true));
                    break;
                case "--runs" when int.TryParse(value, out var n) && n > 0:
                    runs = n;
                    break;
                case "--screenshot-runs" when int.TryParse(value, out var n) && n >= 0:
                    screenshotRuns = n;
                    break;
                case "--packages":
                    packages = value;
                    break;
                default:
                    return null;
            }
        }

        if (args.Count % 2 != 0 || candidates.Count == 0)
        {
            return null;
        }

        candidates.Add(Candidate.DotnetBaseline());
        return new HarnessOptions(candidates, runs, screenshotRuns, packages);
    }
}
