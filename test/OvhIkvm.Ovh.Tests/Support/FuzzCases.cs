using System.Globalization;

namespace OvhIkvm.Ovh.Tests.Support;

internal static class FuzzCases
{
    /// <summary>How many cases each seeded fuzz test runs: OVH_IKVM_FUZZ_CASES, 2000 by default (CI), 100000 on demand.</summary>
    public static int Count =>
        int.TryParse(Environment.GetEnvironmentVariable("OVH_IKVM_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var cases) && cases > 0
            ? cases
            : 2000;
}
