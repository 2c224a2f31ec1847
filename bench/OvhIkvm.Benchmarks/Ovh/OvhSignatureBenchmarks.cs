using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using OvhIkvm.Ovh.Api;

namespace OvhIkvm.Benchmarks.Ovh;

/// <summary>Signing one request: our span-based signer against the obvious concatenate-encode-hash-hex version.</summary>
[MemoryDiagnoser]
public class OvhSignatureBenchmarks
{
    private const string Secret = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk";
    private const string Consumer = "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY";
    private const string Url = "https://eu.api.ovh.com/1.0/dedicated/server/ns1234.ip-1-2-3.eu/features/ipmi/access";
    private const string Body = "{\"ipToAllow\":\"203.0.113.7\",\"ttl\":15,\"type\":\"kvmipHtml5URL\"}";
    private const long Timestamp = 1457018875;

    [Benchmark(Baseline = true)]
    public string Naive()
    {
#pragma warning disable CA5350 // OVH's signature is SHA-1.
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes($"{Secret}+{Consumer}+POST+{Url}+{Body}+{Timestamp}"));
#pragma warning restore CA5350
        return "$1$" + Convert.ToHexString(hash).ToLowerInvariant();
    }

    [Benchmark]
    public string Signer() => OvhSignature.Compute(Secret, Consumer, "POST", Url, Body, Timestamp);
}
