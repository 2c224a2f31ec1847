using System.Reflection;

namespace OvhIkvm.Testing;

/// <summary>The shared test data beside the repository (../shared/fixtures), located at build time.</summary>
public static class SharedFixtures
{
    public static string Directory { get; } = Locate();

    public static string PathOf(params string[] relative) => Path.Combine([Directory, .. relative]);

    public static byte[] Read(params string[] relative) => File.ReadAllBytes(PathOf(relative));

    private static string Locate()
    {
        var fromBuild = Assembly.GetEntryAssembly()?
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "SharedFixturesDirectory")?.Value;
        if (fromBuild is not null && System.IO.Directory.Exists(fromBuild))
        {
            return fromBuild;
        }

        // Walk up from the test binaries to the folder that holds both the repository and shared/.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/fixtures was not found beside the repository.");
    }
}
