using System.Diagnostics;
using OvhIkvm.Tool.Watching;

namespace OvhIkvm.Tool.Tests.Watching;

public sealed class ConsoleWaitConditionTests
{
    [Theory]
    [InlineData("(a+)+$")]
    [InlineData("(a|aa)+$")]
    [InlineData("(.*a){20}")]
    public void A_catastrophic_backtracking_pattern_runs_in_linear_time_on_a_hostile_screen(string pattern)
    {
        Assert.True(ConsoleWaitCondition.TryCreate(ConsoleWaitCondition.TextName, 3, 60, pattern, out var condition, out var problem), problem);
        // A long run of 'a' ended by a character that defeats the match: exponential for a backtracking engine.
        var screen = new string('a', 6000) + "!";

        var watch = Stopwatch.StartNew();
        var matched = condition.Matches(screen);

        Assert.Equal(pattern == "(.*a){20}", matched);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"{pattern} took {watch.Elapsed}");
    }

    [Fact]
    public void Anchors_match_at_each_line_of_the_console()
    {
        Assert.True(ConsoleWaitCondition.TryCreate(ConsoleWaitCondition.TextName, 3, 60, "^ns1 login:$", out var condition, out _));

        Assert.True(condition.Matches("Debian GNU/Linux 12 ns1 tty1\n\nns1 login:\n"));
        Assert.False(condition.Matches(null));
    }

    [Fact]
    public void A_pattern_longer_than_the_limit_is_refused_before_it_is_compiled()
    {
        var pattern = new string('a', ConsoleWaitCondition.MaxPatternLength + 1);

        Assert.False(ConsoleWaitCondition.TryCreate(ConsoleWaitCondition.TextName, 3, 60, pattern, out _, out var problem));
        Assert.Equal($"The pattern is {pattern.Length} characters long; at most {ConsoleWaitCondition.MaxPatternLength} are accepted.", problem);
    }

    [Fact]
    public void A_pattern_with_control_characters_is_quoted_printably_in_sentences()
    {
        Assert.True(ConsoleWaitCondition.TryCreate(ConsoleWaitCondition.TextName, 3, 60, "login:\u202E\u001B\\[2J", out var condition, out var problem), problem);

        Assert.DoesNotContain('\u202E', condition.QuotedPattern);
        Assert.DoesNotContain('\u001B', condition.QuotedPattern);
        Assert.StartsWith("'login:", condition.QuotedPattern, StringComparison.Ordinal);
    }
}
