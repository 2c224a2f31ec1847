namespace OvhIkvm.Startup;

/// <summary>Runs every measurement; the programs take turns run after run, so a load change on the machine hits all alike.</summary>
internal static class StartupHarness
{
    /// <summary>Time for the first paint, the RFB handshake and the capture; also what the tool itself allows.</summary>
    private static readonly TimeSpan ScreenshotTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a started server is left alone before its idle RSS is read: a measurement delay, not a
    /// synchronisation (nothing waits for anything to happen in it).
    /// </summary>
    private static readonly TimeSpan IdleSettle = TimeSpan.FromMilliseconds(500);

    public static async Task<StartupReport> RunAsync(HarnessOptions options, CancellationToken cancellationToken)
    {
        var samples = options.Candidates.ToDictionary(c => c, _ => new CandidateSamples());

        // One unmeasured start each first: the first start after a build pays for cold disk caches.
        foreach (var candidate in options.Candidates)
        {
            await MeasureStartAsync(candidate, new CandidateSamples(), cancellationToken);
        }

        for (var run = 0; run < options.Runs; run++)
        {
            foreach (var candidate in options.Candidates)
            {
                await MeasureStartAsync(candidate, samples[candidate], cancellationToken);
            }
        }

        if (options.ScreenshotRuns > 0)
        {
            await using var screen = await FullHdScreen.StartAsync(cancellationToken);
            for (var run = 0; run < options.ScreenshotRuns; run++)
            {
                foreach (var candidate in options.Candidates.Where(c => c.IsTool))
                {
                    samples[candidate].ScreenshotPeakMiB.Add(await MeasureScreenshotAsync(candidate, screen, cancellationToken));
                }
            }
        }

        return new StartupReport(
            options.Runs,
            options.Candidates.Select(c => samples[c].Summarise(c)).ToList(),
            PackageSizes(options.PackagesDirectory));
    }

    private static async Task MeasureStartAsync(Candidate candidate, CandidateSamples samples, CancellationToken cancellationToken)
    {
        await using var process = await McpProcess.StartAsync(candidate, [], cancellationToken);
        var (initialize, _) = await process.ReplyAsync(1, cancellationToken);
        samples.InitializeCpuMs.Add(ProcessCpu.UsedMs(process.Id));
        await process.ListToolsAsync(cancellationToken);
        var (toolsList, _) = await process.ReplyAsync(2, cancellationToken);
        await Task.Delay(IdleSettle, cancellationToken);
        samples.InitializeMs.Add(initialize.TotalMilliseconds);
        samples.ToolsListMs.Add(toolsList.TotalMilliseconds);
        samples.IdleMiB.Add(ProcessMemory.ResidentMiB(process.Id));
    }

    private static async Task<double> MeasureScreenshotAsync(Candidate candidate, FullHdScreen screen, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ScreenshotTimeout);
        await using var process = await McpProcess.StartAsync(candidate, ["--targets", screen.TargetsFile], timeout.Token);
        await process.ReplyAsync(1, timeout.Token);
        await process.ListToolsAsync(timeout.Token);
        await process.ReplyAsync(2, timeout.Token);
        await process.CallToolAsync(3, "get_screenshot", $$"""{"serverId":"{{FullHdScreen.ServerId}}"}""", timeout.Token);
        var (_, result) = await process.ReplyAsync(3, timeout.Token);
        if (result.TryGetProperty("isError", out var isError) && isError.GetBoolean())
        {
            throw new InvalidOperationException($"{candidate.Name}: the screenshot failed: {result}");
        }

        return ProcessMemory.PeakResidentMiB(process.Id);
    }

    private static List<(string Package, double MiB)> PackageSizes(string? directory) =>
        directory is null
            ? []
            : Directory.GetFiles(directory, "*.nupkg")
                .Order(StringComparer.Ordinal)
                .Select(f => (Path.GetFileName(f), new FileInfo(f).Length / (1024.0 * 1024.0)))
                .ToList();
}
