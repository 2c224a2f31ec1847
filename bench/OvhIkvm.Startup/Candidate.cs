namespace OvhIkvm.Startup;

/// <summary>A program the harness starts: an ovh-ikvm-mcp build, or the hello-world baseline.</summary>
internal sealed record Candidate(string Name, string FileName, IReadOnlyList<string> Arguments, bool IsTool)
{
    public static Candidate DotnetBaseline() =>
        new("dotnet hello-world", "dotnet", [typeof(Candidate).Assembly.Location, "respond"], IsTool: false);
}
