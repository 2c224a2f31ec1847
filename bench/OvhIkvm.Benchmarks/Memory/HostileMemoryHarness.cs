using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OvhIkvm.Simulators.Bmc;

namespace OvhIkvm.Benchmarks.Memory;

/// <summary>
/// Peak memory of the built tool under hostile consoles: each case starts a fresh <c>ovh-ikvm-mcp</c> process (MCP
/// over stdio, a targets file pointing at loopback hostile peers), asks for screenshots, and reads the child's
/// <c>/proc/PID/status</c>: VmRSS when idle, VmHWM (peak resident set) once every answer is in, then VmRSS again
/// after a settling time. A child process is the honest measurement: the tool's own runtime, GC mode and heap.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/OvhIkvm.Benchmarks -- hostile-memory [--tool path/ovh-ikvm-mcp.dll]
/// [--size 4096x2160] [--settle 30] [--case name]</c>; the table goes to stderr (the project bans stdout writes).
/// BenchmarkDotNet does not fit: the quantity is a peak of another process, not a time.
/// </remarks>
internal static class HostileMemoryHarness
{
    private const string InitializeRequest =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"hostile-memory","version":"1"}}}""";

    private static readonly TimeSpan CaseTimeout = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var tool = Option(args, "--tool") ?? Path.Combine(AppContext.BaseDirectory, "ovh-ikvm-mcp.dll");
        var size = (Option(args, "--size") ?? "4096x2160").Split('x');
        var (width, height) = (int.Parse(size[0], CultureInfo.InvariantCulture), int.Parse(size[1], CultureInfo.InvariantCulture));
        var settle = TimeSpan.FromSeconds(int.Parse(Option(args, "--settle") ?? "30", CultureInfo.InvariantCulture));
        var only = Option(args, "--case");

        Console.Error.WriteLine($"tool: {tool}");
        Console.Error.WriteLine($"screen: {width}x{height}, settle: {settle.TotalSeconds:0} s");
        Console.Error.WriteLine();
        Console.Error.WriteLine("| case | calls | answer | idle RSS | peak RSS (VmHWM) | RSS after settle |");
        Console.Error.WriteLine("| --- | ---: | --- | ---: | ---: | ---: |");
        foreach (var hostile in Cases(width, height).Where(c => only is null || c.Name == only))
        {
            await using var peers = await hostile.StartAsync();
            var result = await MeasureAsync(tool, peers, hostile.Calls, settle);
            Console.Error.WriteLine(
                $"| {hostile.Name} | {hostile.Calls} | {result.Answer} | {Mib(result.IdleRss)} | {Mib(result.PeakRss)} | {Mib(result.SettledRss)} |");
        }

        return 0;
    }

    private static IEnumerable<HostileCase> Cases(int width, int height)
    {
        yield return new("vnc-tight-fill", 1, () => Task.FromResult(HostilePeers.Vnc(HostileVncServer.TightFill(width, height))));

        // The largest length the client at ec6a91c accepted for the screen: 5 bytes a pixel, capped at 1 GiB.
        var announced = (uint)Math.Min(int.MaxValue / 2, (long)width * height * 5);
        yield return new("vnc-zrle-announced", 1, () => Task.FromResult(HostilePeers.Vnc(HostileVncServer.ZrleAnnouncing(width, height, announced))));
        yield return new("ami-aspeed-vq", 1, () => HostilePeers.AmiAsync(1, BmcScreen.SolidVq(width, height), _ => { }));
        yield return new("ami-ivtp-64mib-packet", 1, () => HostilePeers.AmiAsync(1, BmcScreen.SolidVq(1024, 768), faults => faults.SingleVideoPacketBytes = 64 << 20));
        yield return new("ami-ivtp-16mib-packet", 1, () => HostilePeers.AmiAsync(1, BmcScreen.SolidVq(1024, 768), faults => faults.SingleVideoPacketBytes = 16 << 20));
        yield return new("ami-ivtp-16mib-packet-concurrent", 3, () => HostilePeers.AmiAsync(3, BmcScreen.SolidVq(1024, 768), faults => faults.SingleVideoPacketBytes = 16 << 20));
        yield return new("ami-aspeed-vq-concurrent", 3, () => HostilePeers.AmiAsync(3, BmcScreen.SolidVq(width, height), _ => { }));
    }

    private static async Task<Measurement> MeasureAsync(string tool, HostilePeers peers, int calls, TimeSpan settle)
    {
        using var timeout = new CancellationTokenSource(CaseTimeout);
        var cancellationToken = timeout.Token;
        var targets = Path.Combine(Path.GetTempPath(), $"hostile-targets-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(targets, peers.TargetsJson(), cancellationToken);
        var start = new ProcessStartInfo("dotnet", [tool, "--targets", targets])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OVH_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["OVH_IKVM_LOG_LEVEL"] = "Warning";
        using var process = Process.Start(start)!;
        try
        {
            _ = process.StandardError.ReadToEndAsync(cancellationToken);
            await SendAsync(process, InitializeRequest, cancellationToken);
            await ReadAnswerAsync(process, 1, cancellationToken);
            await SendAsync(process, """{"jsonrpc":"2.0","method":"notifications/initialized"}""", cancellationToken);
            var idle = Status(process.Id, "VmRSS");

            for (var i = 0; i < calls; i++)
            {
                var call = new JsonObject
                {
                    ["jsonrpc"] = "2.0",
                    ["id"] = 2 + i,
                    ["method"] = "tools/call",
                    ["params"] = new JsonObject { ["name"] = "get_screenshot", ["arguments"] = new JsonObject { ["serverId"] = peers.Ids[i % peers.Ids.Count] } },
                };
                await SendAsync(process, call.ToJsonString(), cancellationToken);
            }

            var answers = new List<string>();
            for (var i = 0; i < calls; i++)
            {
                answers.Add(Describe(await ReadAnswerAsync(process, null, cancellationToken)));
            }

            var peak = Status(process.Id, "VmHWM");
            await Task.Delay(settle, cancellationToken);
            var settled = Status(process.Id, "VmRSS");
            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellationToken);
            return new Measurement(string.Join("; ", answers.Distinct()), idle, peak, settled);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            File.Delete(targets);
        }
    }

    private static Task SendAsync(Process process, string line, CancellationToken cancellationToken) =>
        process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken).ContinueWith(_ => process.StandardInput.FlushAsync(cancellationToken), cancellationToken).Unwrap();

    /// <summary>The next JSON-RPC answer (with the given id, or any id); notifications are skipped.</summary>
    private static async Task<JsonElement> ReadAnswerAsync(Process process, int? id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException("The tool closed stdout.");
            var message = JsonDocument.Parse(line).RootElement;
            if (message.TryGetProperty("id", out var answerId) && (id is null || answerId.GetInt32() == id))
            {
                return message.GetProperty("result");
            }
        }
    }

    private static string Describe(JsonElement result)
    {
        var content = result.GetProperty("content")[0];
        if (content.GetProperty("type").GetString() == "image")
        {
            return "PNG";
        }

        var text = content.GetProperty("text").GetString() ?? string.Empty;
        return text.Length > 110 ? text[..110] + "…" : text;
    }

    private static long Status(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field}.");
    }

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):0} MiB";

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private sealed record HostileCase(string Name, int Calls, Func<Task<HostilePeers>> StartAsync);

    private sealed record Measurement(string Answer, long IdleRss, long PeakRss, long SettledRss);
}
