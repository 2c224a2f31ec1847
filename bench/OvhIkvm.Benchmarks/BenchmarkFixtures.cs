using System.Reflection;

namespace OvhIkvm.Benchmarks;

/// <summary>The repository's test data (test/fixtures), whose path the build records in this assembly.</summary>
internal static class BenchmarkFixtures
{
    /// <summary>The real Supermicro ATEN capture (test/fixtures/ami/README.md): a 4-byte ATEN prefix, then the ASPEED bitstream.</summary>
    public static string AtenCapturePath => Path.Combine(Directory, "ami", "aten-ast2100-frame4.bin");

    private static string Directory =>
        typeof(BenchmarkFixtures).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "TestFixturesDirectory").Value!;
}
