using BenchmarkDotNet.Running;

namespace OvhIkvm.Benchmarks;

// A named entry point: the tool's top-level Program is referenced too (for the end-to-end suites).
internal static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
