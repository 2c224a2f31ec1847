using OvhIkvm.Ovh.Account;

namespace OvhIkvm.Ovh.Tests.Account;

public sealed class OvhAccessRuleMatcherTests
{
    [Theory]
    [InlineData("GET /*", "GET /dedicated/server")]
    [InlineData("GET /*", "GET /dedicated/server/*/task/*")]
    [InlineData("GET /dedicated/server", "GET /dedicated/server")]
    [InlineData("get /dedicated/server", "GET /dedicated/server")]
    [InlineData("GET /dedicated/server/*", "GET /dedicated/server/*")]
    [InlineData("GET /dedicated/server/*", "GET /dedicated/server/*/features/ipmi")]
    [InlineData("GET /dedicated/server/*", "GET /dedicated/server/*/task/*")]
    [InlineData("GET /dedicated/*", "GET /dedicated/server/*/features/ipmi/access")]
    [InlineData("POST /dedicated/server/*/features/ipmi/access", "POST /dedicated/server/*/features/ipmi/access")]
    [InlineData("POST /dedicated/server/*/features/ipmi/*", "POST /dedicated/server/*/features/ipmi/access")]
    [InlineData("GET /dedicated/server/*/task/*", "GET /dedicated/server/*/task/*")]
    [InlineData("GET /dedicated/server/*/*", "GET /dedicated/server/*/task/*")]
    [InlineData("GET /dedicated/server/ns1.example", "GET /dedicated/server/ns1.example")]
    [InlineData("GET /dedicated/server/*", "GET /dedicated/server/ns1.example")]
    [InlineData("POST /me/*", "POST /me/geolocation")]
    public void Granted_rule_covers_needed_rule(string granted, string needed) =>
        Assert.True(OvhAccessRuleMatcher.Covers(Rule(granted), Rule(needed)));

    [Theory]
    [InlineData("POST /*", "GET /dedicated/server")]
    [InlineData("GET /dedicated/server/*", "GET /dedicated/server")]
    [InlineData("GET /dedicated/server", "GET /dedicated/server/*")]
    [InlineData("GET /dedicated/server/ns1.example", "GET /dedicated/server/*")]
    [InlineData("GET /dedicated/server/*/features/ipmi", "GET /dedicated/server/*/features/ipmi/access")]
    [InlineData("GET /dedicated/server/*/features/ipmi", "GET /dedicated/server/*")]
    [InlineData("GET /dedicated/server/*/task", "GET /dedicated/server/*/task/*")]
    [InlineData("GET /dedicated/server/*/task/1*", "GET /dedicated/server/*/task/*")]
    [InlineData("GET /dedicated/server/*/*/*", "GET /dedicated/server/*/task")]
    [InlineData("GET /Dedicated/server", "GET /dedicated/server")]
    [InlineData("GET /dedicated/server ", "GET /dedicated/server")]
    [InlineData("GET /me", "POST /me/geolocation")]
    [InlineData("PUT /*", "POST /me/geolocation")]
    public void Granted_rule_does_not_cover_needed_rule(string granted, string needed) =>
        Assert.False(OvhAccessRuleMatcher.Covers(Rule(granted), Rule(needed)));

    [Fact]
    public void Any_granted_rule_may_cover_a_needed_one()
    {
        OvhAccessRule[] granted = [Rule("GET /me"), Rule("GET /dedicated/server/*")];

        Assert.True(OvhAccessRuleMatcher.IsCovered(granted, Rule("GET /dedicated/server/*/task/*")));
        Assert.False(OvhAccessRuleMatcher.IsCovered(granted, Rule("GET /dedicated/server")));
        Assert.False(OvhAccessRuleMatcher.IsCovered([], Rule("GET /dedicated/server")));
    }

    [Fact]
    public async Task Hostile_patterns_answer_at_once_and_oversized_ones_cover_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var backtracking = Rule("GET /" + string.Concat(Enumerable.Repeat("*a", 400)) + "b");
        var needed = Rule("GET /" + new string('a', 600));
        var huge = Rule("GET /" + new string('*', OvhAccessRuleMatcher.MaxPathLength + 1));

        var covered = await Task.Run(() => OvhAccessRuleMatcher.Covers(backtracking, needed), ct).WaitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.False(covered);
        Assert.False(OvhAccessRuleMatcher.Covers(huge, Rule("GET /dedicated/server")));
    }

    internal static OvhAccessRule Rule(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return new OvhAccessRule(text[..space], text[(space + 1)..]);
    }
}
