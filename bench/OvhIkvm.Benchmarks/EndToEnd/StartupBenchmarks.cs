using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace OvhIkvm.Benchmarks.EndToEnd;

/// <summary>
/// Process start to the initialize reply, the way an MCP client starts the tool: `dotnet ovh-ikvm-mcp.dll`, one
/// initialize request on stdin, wait for its answer on stdout.
/// </summary>
public class StartupBenchmarks
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}""";

    private static readonly string ToolDll = Path.Combine(AppContext.BaseDirectory, "ovh-ikvm-mcp.dll");

    [Benchmark(Description = "process start to initialize reply")]
    public async Task<int> StartAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [ToolDll, "--log-level", "Warning"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        await process.StandardInput.WriteLineAsync(Initialize);
        await process.StandardInput.FlushAsync();
        var reply = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("no reply");
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return reply.Length;
    }
}
