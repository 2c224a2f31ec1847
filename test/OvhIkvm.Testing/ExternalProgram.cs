namespace OvhIkvm.Testing;

/// <summary>
/// Tests that need an outside program (QEMU, Xvnc, websockify, Pillow, cjpeg, ...) carry
/// <c>[Trait("Category", "External")]</c> and call <see cref="Require"/> first. On a developer machine without the
/// program the test is skipped, so a plain <c>dotnet test</c> needs only the SDK. Under CI (CI=true), where
/// .ci/run installs the programs, a missing program is a failure, never a skip.
/// </summary>
public static class ExternalProgram
{
    public const string Category = "External";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the full path of <paramref name="name"/> on PATH, or skips (locally) / fails (CI).</summary>
    public static string Require(string name)
    {
        var path = Find(name);
        if (path is not null)
        {
            return path;
        }

        var message = $"'{name}' is not installed (.ci/run installs it; see .ci/apt-packages.txt).";
        if (IsCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return null!;
    }

    /// <summary>
    /// Requires a Python module (for example PIL) and returns the interpreter that has it. Debian's /usr/bin/python3 is
    /// asked first: python3-pil installs there, while the python3 first on PATH may be a separate build without it.
    /// </summary>
    public static string RequirePythonModule(string module)
    {
        const string DebianPython = "/usr/bin/python3";
        var python = File.Exists(DebianPython) ? DebianPython : Require("python3");
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(python, ["-c", $"import {module}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        if (process.WaitForExit(TimeSpan.FromSeconds(30)) && process.ExitCode == 0)
        {
            return python;
        }

        var message = $"python module '{module}' is not installed for {python} (.ci/apt-packages.txt lists its Debian package).";
        if (IsCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return python;
    }

    public static string? Find(string name)
    {
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }
}
