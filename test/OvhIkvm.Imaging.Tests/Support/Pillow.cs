using OvhIkvm.Testing;

namespace OvhIkvm.Imaging.Tests.Support;

/// <summary>Debian's python3 with python3-pil, the independent PNG judge of the External tests.</summary>
internal static class Pillow
{
    /// <summary>Returns the interpreter to run; skips (locally) or fails (CI) without it, like ExternalProgram.</summary>
    public static string Require() => ExternalProgram.RequirePythonModule("PIL");
}
