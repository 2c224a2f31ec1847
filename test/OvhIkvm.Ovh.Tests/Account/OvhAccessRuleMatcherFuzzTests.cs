using System.Text;
using System.Text.RegularExpressions;
using OvhIkvm.Ovh.Account;
using OvhIkvm.Ovh.Tests.Support;
using OvhIkvm.Testing;

namespace OvhIkvm.Ovh.Tests.Account;

/// <summary>
/// Seeded fuzzing of the rule matcher against a regular-expression reference of OVH's wildcard (<c>*</c> = one or more
/// characters). Short paths over a tiny alphabet make matches, near misses and nested wildcards frequent.
/// Case count from OVH_IKVM_FUZZ_CASES (default 2000).
/// </summary>
public sealed class OvhAccessRuleMatcherFuzzTests
{
    private const string PatternAlphabet = "ab/*";
    private const string TextAlphabet = "ab/";

    private static int Cases => FuzzCases.Count;

    [Fact]
    public async Task On_concrete_paths_the_matcher_agrees_with_the_reference()
    {
        await RunAsync(random =>
        {
            var granted = RandomPath(random, PatternAlphabet);
            var path = RandomPath(random, TextAlphabet);

            Assert.Equal(Reference(granted).IsMatch(path), OvhAccessRuleMatcher.Covers(Rule(granted), Rule(path)));
        });
    }

    [Fact]
    public async Task A_covered_rule_is_covered_for_every_path_it_stands_for()
    {
        var covered = 0;
        await RunAsync(random =>
        {
            var granted = RandomPath(random, PatternAlphabet);
            var needed = RandomPath(random, PatternAlphabet);
            if (!OvhAccessRuleMatcher.Covers(Rule(granted), Rule(needed)))
            {
                return;
            }

            covered++;
            var reference = Reference(granted);
            for (var i = 0; i < 8; i++)
            {
                var instance = Instantiate(random, needed);
                Assert.True(reference.IsMatch(instance), $"{granted} was said to cover {needed}, but refuses {instance}");
            }
        });

        Assert.True(covered > Cases / 50, $"only {covered} covered pairs: the generator is too weak to test anything");
    }

    private static Task RunAsync(Action<Random> check) =>
        Task.Run(
            () =>
            {
                var random = new Random(20261121);
                for (var i = 0; i < Cases; i++)
                {
                    check(random);
                }
            },
            TestContext.Current.CancellationToken).WaitAsync(TestTimeouts.Network, TestContext.Current.CancellationToken);

    private static string RandomPath(Random random, string alphabet)
    {
        var text = new StringBuilder("/");
        var length = random.Next(0, 8);
        for (var i = 0; i < length; i++)
        {
            text.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return text.ToString();
    }

    /// <summary>One concrete path the pattern stands for: each <c>*</c> replaced by 1 to 3 random characters.</summary>
    private static string Instantiate(Random random, string pattern)
    {
        var text = new StringBuilder();
        foreach (var c in pattern)
        {
            if (c != '*')
            {
                text.Append(c);
                continue;
            }

            var length = random.Next(1, 4);
            for (var i = 0; i < length; i++)
            {
                text.Append(TextAlphabet[random.Next(TextAlphabet.Length)]);
            }
        }

        return text.ToString();
    }

    private static Regex Reference(string pattern) =>
        new("^" + string.Join(".+", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));

    private static OvhAccessRule Rule(string path) => new("GET", path);
}
