using System.Diagnostics;
using OvhIkvm.Testing;

namespace OvhIkvm.Imaging.Tests.Support;

/// <summary>
/// Locates Debian's python3 with python3-pil. <see cref="ExternalProgram.RequirePythonModule"/> asks the python3
/// first on PATH, which on some machines is a separate build without Pillow, so this asks /usr/bin/python3.
/// </summary>
internal static class Pillow
{
    private const string DebianPython = "/usr/bin/python3";

    /// <summary>Returns the interpreter to run; skips (locally) or fails (CI) without it, like ExternalProgram.</summary>
    public static string Require()
    {
        var python = ExternalProgram.Require(DebianPython);
        using var process = Process.Start(new ProcessStartInfo(python, ["-c", "import PIL"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        if (process.WaitForExit(TimeSpan.FromSeconds(30)) && process.ExitCode == 0)
        {
            return python;
        }

        const string Message = "python3-pil is not installed for /usr/bin/python3 (.ci/apt-packages.txt lists it).";
        if (ExternalProgram.IsCi)
        {
            Assert.Fail(Message);
        }

        Assert.Skip(Message);
        return python;
    }
}
