using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using OvhIkvm.Consoles;
using OvhIkvm.Tool.Mcp;

namespace OvhIkvm.Tool.Watching;

/// <summary>A checked wait condition, built from what a client or a command line sent.</summary>
/// <param name="Until">What to wait for.</param>
/// <param name="StableFor">For <see cref="ConsoleWaitUntil.Stable"/>: how long nothing may change.</param>
/// <param name="Timeout">How long to watch the screen before answering that the condition was not met.</param>
/// <param name="Pattern">For <see cref="ConsoleWaitUntil.Text"/>: the expression the console text must match.</param>
internal sealed record ConsoleWaitCondition(ConsoleWaitUntil Until, TimeSpan StableFor, TimeSpan Timeout, Regex? Pattern)
{
    public const string ChangeName = "change";
    public const string StableName = "stable";
    public const string TextName = "text";
    public const double DefaultStableSeconds = 3;
    public const double DefaultTimeoutSeconds = 60;
    public const double MinSeconds = 1;
    public const double MaxSeconds = 600;

    /// <summary>A longer expression is not a console prompt but an attempt to make the automaton expensive to build.</summary>
    public const int MaxPatternLength = 1000;

    /// <summary>Linear-time matching cannot hang, but a bound costs nothing and holds whatever the engine does.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The pattern as the client sent it, quoted and made printable, for sentences.</summary>
    public string QuotedPattern => Pattern is null ? string.Empty : ToolArgumentValidator.Quote(Pattern.ToString());

    /// <summary>Checks the arguments of a wait.</summary>
    /// <returns>True and the condition, or false and one sentence saying what is wrong with them.</returns>
    public static bool TryCreate(
        string? until,
        double stableSeconds,
        double timeoutSeconds,
        string? pattern,
        [NotNullWhen(true)] out ConsoleWaitCondition? condition,
        [NotNullWhen(false)] out string? problem)
    {
        condition = null;
        problem = Check(until, stableSeconds, timeoutSeconds, pattern, out var kind, out var regex);
        if (problem is not null)
        {
            return false;
        }

        condition = new ConsoleWaitCondition(kind, TimeSpan.FromSeconds(stableSeconds), TimeSpan.FromSeconds(timeoutSeconds), regex);
        return true;
    }

    private static string? Check(string? until, double stableSeconds, double timeoutSeconds, string? pattern, out ConsoleWaitUntil kind, out Regex? regex)
    {
        regex = null;
        switch (until)
        {
            case ChangeName:
                kind = ConsoleWaitUntil.Change;
                break;
            case StableName:
                kind = ConsoleWaitUntil.Stable;
                break;
            case TextName:
                kind = ConsoleWaitUntil.Text;
                break;
            default:
                kind = default;
                return $"until must be {ChangeName}, {StableName} or {TextName}, not {ToolArgumentValidator.Quote(until ?? string.Empty)}.";
        }

        if (OutOfRange(stableSeconds) || OutOfRange(timeoutSeconds))
        {
            return string.Create(CultureInfo.InvariantCulture, $"stableSeconds and timeoutSeconds must be from {MinSeconds} to {MaxSeconds} seconds.");
        }

        if (kind == ConsoleWaitUntil.Text)
        {
            if (string.IsNullOrEmpty(pattern))
            {
                return "until=text needs a pattern: a regular expression the console text must match, e.g. 'login:'.";
            }

            if (pattern.Length > MaxPatternLength)
            {
                return $"The pattern is {pattern.Length} characters long; at most {MaxPatternLength} are accepted.";
            }

            try
            {
                // Non-backtracking: matching time is linear in the text whatever the pattern, so a client cannot hang a wait.
                regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.Multiline, MatchTimeout);
            }
            catch (ArgumentException ex)
            {
                return $"The pattern {ToolArgumentValidator.Quote(pattern)} is not a valid regular expression: {UntrustedText.Printable(ex.Message, 200)}";
            }
            catch (NotSupportedException)
            {
                return $"The pattern {ToolArgumentValidator.Quote(pattern)} uses a construct that needs backtracking (backreferences, lookarounds, atomic groups); write it without.";
            }
        }
        else if (pattern is not null)
        {
            return $"A pattern is only used with until=text, not until={until}.";
        }

        return null;
    }

    /// <summary>What the wait is waiting for, for progress: "the console text to match 'login:'".</summary>
    public string Describe() => Until switch
    {
        ConsoleWaitUntil.Change => "the screen to change",
        ConsoleWaitUntil.Stable => $"the screen to stay unchanged for {Seconds(StableFor)} s",
        _ => $"the console text to match {QuotedPattern}",
    };

    /// <summary>Whether the text of a screen matches the pattern; a graphical screen has no text and never does.</summary>
    /// <exception cref="ConsoleException">The expression could not be evaluated in time.</exception>
    public bool Matches(string? consoleText)
    {
        if (Pattern is null || consoleText is null)
        {
            return false;
        }

        try
        {
            return Pattern.IsMatch(consoleText);
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new ConsoleException($"The pattern {QuotedPattern} took longer than {Seconds(MatchTimeout)} s to evaluate on the console text; simplify it.", ex);
        }
    }

    /// <summary>A duration for a sentence: "3", "0.5", "41.2" (seconds, one decimal at most).</summary>
    public static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private static bool OutOfRange(double seconds) => double.IsNaN(seconds) || seconds < MinSeconds || seconds > MaxSeconds;
}
