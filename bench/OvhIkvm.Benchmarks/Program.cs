using BenchmarkDotNet.Running;

namespace OvhIkvm.Benchmarks;

// A named entry point: the tool's top-level Program is referenced too (for the end-to-end suites).
internal static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        // Not a BenchmarkDotNet suite: peak memory of the built tool, measured in child processes.
        if (args is ["hostile-memory", .. var options])
        {
            return await Memory.HostileMemoryHarness.RunAsync(options);
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
