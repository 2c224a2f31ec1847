using System.Reflection;

namespace OvhIkvm.Testing;

/// <summary>The repository's test data (test/fixtures), located at build time.</summary>
public static class TestFixtures
{
    public static string Directory { get; } = Locate();

    public static string PathOf(params string[] relative) => Path.Combine([Directory, .. relative]);

    public static byte[] Read(params string[] relative) => File.ReadAllBytes(PathOf(relative));

    private static string Locate()
    {
        var fromBuild = Assembly.GetEntryAssembly()?
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "TestFixturesDirectory")?.Value;
        if (fromBuild is not null && System.IO.Directory.Exists(fromBuild))
        {
            return fromBuild;
        }

        // A host other than the test executable may be the entry assembly: walk up from the test binaries instead.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "test", "fixtures");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"test/fixtures was not found above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");
    }
}
