using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Text;

/// <summary>
/// The Debian kernel QEMU boots for the console-text tests: <c>OVH_IKVM_TEST_KERNEL</c> names it (.ci/run sets it
/// from .ci/fetch-test-kernel.sh). Missing, the test is skipped on a developer machine and fails under CI.
/// </summary>
internal static class TestKernel
{
    public const string Variable = "OVH_IKVM_TEST_KERNEL";

    // Where the developers' machines unpack it (the same Debian package CI downloads).
    private const string DeveloperDefault = "/work/kernel/boot/vmlinuz-6.1.0-57-amd64";

    public static string Require()
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path) && !ExternalProgram.IsCi)
        {
            path = DeveloperDefault;
        }

        if (!string.IsNullOrEmpty(path) && File.Exists(path))
        {
            return path;
        }

        var message = $"No kernel to boot: set {Variable} to a vmlinuz (.ci/fetch-test-kernel.sh downloads Debian's).";
        if (ExternalProgram.IsCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return path!;
    }
}
