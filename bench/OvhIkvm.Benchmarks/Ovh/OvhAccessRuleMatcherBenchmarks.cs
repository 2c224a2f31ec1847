using BenchmarkDotNet.Attributes;
using OvhIkvm.Ovh.Account;

namespace OvhIkvm.Benchmarks.Ovh;

/// <summary>
/// Judging the required rules against a credential: one broad grant (<c>GET /*</c>-style accounts), and narrow grants,
/// the worst realistic case, where every needed rule is compared with every granted one.
/// </summary>
[MemoryDiagnoser]
public class OvhAccessRuleMatcherBenchmarks
{
    private static readonly OvhAccessRule[] BroadGrants = [new("GET", "/*"), new("POST", "/*"), new("PUT", "/*"), new("DELETE", "/*")];

    private static readonly OvhAccessRule[] NarrowGrants =
    [
        new("GET", "/me"), new("GET", "/domain/zone/*"), new("GET", "/dedicated/server"), new("GET", "/dedicated/server/*/features/ipmi"),
        new("GET", "/dedicated/server/*/features/ipmi/access"), new("POST", "/dedicated/server/*/features/ipmi/access"),
        new("GET", "/dedicated/server/*/task/*"), new("POST", "/me/geolocation"),
    ];

    [Benchmark(Baseline = true)]
    public int Broad() => OvhRequiredAccessRules.All.Count(r => OvhAccessRuleMatcher.IsCovered(BroadGrants, r.Rule));

    [Benchmark]
    public int Narrow() => OvhRequiredAccessRules.All.Count(r => OvhAccessRuleMatcher.IsCovered(NarrowGrants, r.Rule));
}
