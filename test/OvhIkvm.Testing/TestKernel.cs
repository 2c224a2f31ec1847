namespace OvhIkvm.Testing;

/// <summary>
/// A Linux kernel for QEMU to boot, so that its console changes by itself (boot messages, then the panic of a kernel
/// without a root file system). Found through OVH_IKVM_TEST_KERNEL; .ci/run unpacks Debian's. Missing: skipped
/// locally, a failure under CI, like any outside program.
/// </summary>
public static class TestKernel
{
    public const string Variable = "OVH_IKVM_TEST_KERNEL";

    public static string Require()
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(path) && File.Exists(path))
        {
            return path;
        }

        var message = $"No kernel to boot: set {Variable} to a vmlinuz (.ci/run unpacks linux-image-6.1.0-57-amd64).";
        if (ExternalProgram.IsCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return null!;
    }
}
