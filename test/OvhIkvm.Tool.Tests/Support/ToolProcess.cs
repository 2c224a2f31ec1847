using System.Diagnostics;

namespace OvhIkvm.Tool.Tests.Support;

/// <summary>How tests start the built executable: over redirected stdio, with none of the developer's OVH settings.</summary>
internal static class ToolProcess
{
    public const string InitializeRequest =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";

    public const string InitializedNotification = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ovh-ikvm-mcp.dll"), .. arguments])
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

        return start;
    }

    /// <summary>Runs a command of the built executable to its end with <paramref name="environment"/> added, timing the whole process.</summary>
    public static async Task<(int ExitCode, string Output, string Error, TimeSpan Elapsed)> RunAsync(
        string[] arguments,
        IReadOnlyDictionary<string, string?> environment,
        CancellationToken cancellationToken)
    {
        var start = StartInfo(arguments);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = watch.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"$ ovh-ikvm-mcp {string.Join(' ', arguments)} -> {process.ExitCode} in {elapsed.TotalMilliseconds:0} ms\nstderr:\n{await error}");
        return (process.ExitCode, await output, await error, elapsed);
    }
}
