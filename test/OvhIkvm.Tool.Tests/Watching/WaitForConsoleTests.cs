using System.Diagnostics;
using System.Text.RegularExpressions;
using ModelContextProtocol.Protocol;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Mcp;
using OvhIkvm.Tool.Tests.Reliability;

namespace OvhIkvm.Tool.Tests.Watching;

/// <summary>
/// wait_for_console through a real MCP client against the demo fleet's booting server: a simulated OVH API and a
/// simulated AMI BMC on loopback whose screen follows a clock the test moves, so each change happens when the test
/// says, after the wait has said (in a progress notification) what it is waiting for.
/// </summary>
public sealed partial class WaitForConsoleTests
{
    [Fact]
    public async Task Until_text_answers_when_the_booting_server_reaches_its_login_prompt_on_one_session()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await BootingDemoRig.StartAsync(ct);
        var progress = new ProgressWatch();

        var waiting = rig.WaitAsync(new Dictionary<string, object?> { ["until"] = "text", ["pattern"] = "login:" }, progress, ct);
        await progress.HeardAsync("waiting for the console text to match 'login:'", ct);
        rig.BootTo("GRUB menu");
        await progress.HeardAsync("the screen changed; waiting for the console text to match 'login:'", ct);
        rig.BootTo("login prompt");
        var result = await waiting;

        var (sentence, text) = AssertAnswer(result);
        Assert.Matches(MatchedSentence(), sentence);
        Assert.Contains("ns3100432 login:", text, StringComparison.Ordinal);
        Assert.Equal(1, rig.Sessions.SessionsOpened);
    }

    [Fact]
    public async Task Until_text_that_never_matches_is_answered_at_its_timeout_with_when_the_screen_last_changed()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await BootingDemoRig.StartAsync(ct);

        var watch = Stopwatch.StartNew();
        var result = await rig.WaitAsync(new Dictionary<string, object?> { ["until"] = "text", ["pattern"] = "login:", ["timeoutSeconds"] = 1 }, null, ct);

        var (sentence, text) = AssertAnswer(result);
        Assert.Matches(NoMatchSentence(), sentence);
        Assert.Contains("Copyright (C) 2024 AMI", text, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"a 1 s wait took {watch.Elapsed}");
    }

    [Fact]
    public async Task Until_change_answers_at_the_first_change_with_the_new_screen()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await BootingDemoRig.StartAsync(ct);
        var progress = new ProgressWatch();

        var waiting = rig.WaitAsync(new Dictionary<string, object?> { ["until"] = "change" }, progress, ct);
        await progress.HeardAsync("waiting for the screen to change", ct);
        rig.BootTo("GRUB menu");
        var result = await waiting;

        var (sentence, text) = AssertAnswer(result);
        Assert.Matches(ChangedSentence(), sentence);
        Assert.Contains("GNU GRUB", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Until_change_on_a_still_screen_answers_no_change_at_its_timeout()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await BootingDemoRig.StartAsync(ct);

        var result = await rig.WaitAsync(new Dictionary<string, object?> { ["until"] = "change", ["timeoutSeconds"] = 1 }, null, ct);

        var (sentence, _) = AssertAnswer(result);
        Assert.Matches(NoChangeSentence(), sentence);
    }

    [Fact]
    public async Task Until_stable_answers_once_the_screen_has_settled_after_a_change()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await BootingDemoRig.StartAsync(ct);
        var progress = new ProgressWatch();

        var waiting = rig.WaitAsync(new Dictionary<string, object?> { ["until"] = "stable", ["stableSeconds"] = 3 }, progress, ct);
        await progress.HeardAsync("waiting for the screen to stay unchanged for 3 s", ct);
        rig.BootTo("GRUB menu");
        var result = await waiting;

        var (sentence, text) = AssertAnswer(result);
        var match = StableSentence().Match(sentence);
        Assert.True(match.Success, sentence);
        Assert.True(double.Parse(match.Groups["after"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 3.0, sentence);
        Assert.Contains("GNU GRUB", text, StringComparison.Ordinal);
        Assert.Contains(progress.Messages, m => m.StartsWith("the screen changed; waiting for the screen to stay unchanged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wait_longer_than_the_generic_call_timeout_is_not_cut_by_it()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await BootingDemoRig.StartAsync(ct, callTimeout: TimeSpan.FromSeconds(5));

        var result = await rig.WaitAsync(new Dictionary<string, object?> { ["until"] = "change", ["timeoutSeconds"] = 8 }, null, ct);

        var (sentence, _) = AssertAnswer(result);
        Assert.StartsWith("no change in 8 s; ", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_waits_and_a_screenshot_of_one_server_share_one_session_and_each_hears_the_change()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await BootingDemoRig.StartAsync(ct);
        var first = new ProgressWatch();
        var second = new ProgressWatch();

        var changing = rig.WaitAsync(new Dictionary<string, object?> { ["until"] = "change" }, first, ct);
        var matching = rig.WaitAsync(new Dictionary<string, object?> { ["until"] = "text", ["pattern"] = "GNU GRUB" }, second, ct);
        await first.HeardAsync("waiting for the screen to change", ct);
        await second.HeardAsync("waiting for the console text to match", ct);
        rig.BootTo("GRUB menu");
        var results = await Task.WhenAll(changing, matching);

        Assert.Matches(ChangedSentence(), AssertAnswer(results[0]).Sentence);
        Assert.StartsWith("matched 'GNU GRUB' after ", AssertAnswer(results[1]).Sentence, StringComparison.Ordinal);
        Assert.Equal(1, rig.Sessions.SessionsOpened);
    }

    [Fact]
    public async Task A_get_screenshot_during_a_wait_returns_the_held_screen_without_a_second_session()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await BootingDemoRig.StartAsync(ct);
        var progress = new ProgressWatch();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var waiting = rig.WaitAsync(new Dictionary<string, object?> { ["until"] = "text", ["pattern"] = "never shown" }, progress, stop.Token);
        await progress.HeardAsync("waiting for the console text", ct);
        var shot = await rig.Mcp.Client.CallToolAsync(
            ConsoleTools.GetScreenshotName,
            new Dictionary<string, object?> { ["serverId"] = BootingDemoRig.Server },
            cancellationToken: ct);

        Assert.NotEqual(true, shot.IsError);
        Assert.IsType<ImageContentBlock>(shot.Content[0]);
        Assert.Contains("Copyright (C) 2024 AMI", Assert.IsType<TextContentBlock>(shot.Content[1]).Text, StringComparison.Ordinal);
        Assert.Equal(1, rig.Sessions.SessionsOpened);
        Assert.Equal(1, rig.Sessions.PeakConcurrentSessions);
        Assert.False(waiting.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Cancelling_a_wait_releases_its_session_promptly()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await BootingDemoRig.StartAsync(ct);
        var progress = new ProgressWatch();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var waiting = rig.WaitAsync(new Dictionary<string, object?> { ["until"] = "change", ["timeoutSeconds"] = 600 }, progress, stop.Token);
        await progress.HeardAsync("waiting for the screen to change", ct);
        Assert.Equal(1, rig.Sessions.OpenSessions);

        var watch = Stopwatch.StartNew();
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        // The client stops waiting at once; the server hears notifications/cancelled and closes the session after.
        while (rig.Sessions.OpenSessions > 0 && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20, ct);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"session closed {watch.ElapsedMilliseconds} ms after the cancellation");
        Assert.Equal(0, rig.Sessions.OpenSessions);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"the session was held {watch.Elapsed} after the cancellation");
    }

    public static TheoryData<string, object?, object?, object?, string> BadArguments => new()
    {
        { "text", null, null, null, "until=text needs a pattern" },
        { "text", "(", null, null, "is not a valid regular expression" },
        { "text", "(a)\\1", null, null, "needs backtracking" },
        { "soon", null, null, null, "until must be change, stable or text, not 'soon'" },
        { "change", null, 601, null, "must be from 1 to 600 seconds" },
        { "stable", null, null, 0, "must be from 1 to 600 seconds" },
        { "change", "login:", null, null, "A pattern is only used with until=text" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Unusable_arguments_get_one_clear_sentence_and_open_no_console(string until, object? pattern, object? timeoutSeconds, object? stableSeconds, string expected)
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await BootingDemoRig.StartAsync(ct);
        var arguments = new Dictionary<string, object?> { ["until"] = until };
        if (pattern is not null)
        {
            arguments["pattern"] = pattern;
        }

        if (timeoutSeconds is not null)
        {
            arguments["timeoutSeconds"] = timeoutSeconds;
        }

        if (stableSeconds is not null)
        {
            arguments["stableSeconds"] = stableSeconds;
        }

        var result = await rig.WaitAsync(arguments, null, ct);

        var message = ReliabilityRig.AssertOneClearError(result, expected);
        Assert.StartsWith("wait_for_console: ", message, StringComparison.Ordinal);
        Assert.Equal(0, rig.Sessions.SessionsOpened);
    }

    [Fact]
    public async Task A_catastrophic_backtracking_pattern_is_evaluated_in_linear_time_and_answered_at_the_timeout()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await BootingDemoRig.StartAsync(ct);

        var watch = Stopwatch.StartNew();
        var result = await rig.WaitAsync(new Dictionary<string, object?> { ["until"] = "text", ["pattern"] = "(a+)+$", ["timeoutSeconds"] = 1 }, null, ct);

        var (sentence, _) = AssertAnswer(result);
        Assert.StartsWith("no match for '(a+)+$' in 1 s", sentence, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
    }

    /// <summary>An answer (not an error): the sentence first, then the image, then the console text.</summary>
    private static (string Sentence, string ConsoleText) AssertAnswer(CallToolResult result)
    {
        var texts = string.Join(" | ", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
        Assert.True(result.IsError != true, texts);
        Assert.Equal(3, result.Content.Count);
        var sentence = Assert.IsType<TextContentBlock>(result.Content[0]).Text;
        Assert.Equal("image/png", Assert.IsType<ImageContentBlock>(result.Content[1]).MimeType);
        var text = Assert.IsType<TextContentBlock>(result.Content[2]).Text;
        Assert.StartsWith("Console text (", text, StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine(sentence);
        return (sentence, text);
    }

    [GeneratedRegex(@"^matched 'login:' after \d+\.\d s$")]
    private static partial Regex MatchedSentence();

    [GeneratedRegex(@"^no match for 'login:' in 1 s; the screen has not changed since the wait began at \d\d:\d\d:\d\d UTC$")]
    private static partial Regex NoMatchSentence();

    [GeneratedRegex(@"^the screen changed after \d+\.\d s$")]
    private static partial Regex ChangedSentence();

    [GeneratedRegex(@"^no change in 1 s; the screen has not changed since the wait began at \d\d:\d\d:\d\d UTC$")]
    private static partial Regex NoChangeSentence();

    [GeneratedRegex(@"^stable for 3 s after (?<after>\d+\.\d) s$")]
    private static partial Regex StableSentence();
}
