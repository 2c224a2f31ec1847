using System.Reflection;

namespace OvhIkvm.Tool.Hosting;

internal static class ToolVersion
{
    public const string ServerName = "ovh-ikvm-mcp";

    /// <summary>The package version (e.g. 0.1.0 or 0.1.0-ci.7), as packed.</summary>
    public static string Current { get; } =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
