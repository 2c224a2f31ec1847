namespace OvhIkvm.Ovh.Account;

/// <summary>
/// Decides whether a granted access rule covers a needed one. Both may hold <c>*</c> (any non-empty run of characters,
/// slashes included, as OVH defines it): the granted rule covers the needed one when every path the needed rule
/// stands for also matches the granted rule. A <c>*</c> in the needed rule can only be absorbed by a <c>*</c> of the
/// granted rule, never by literal text, so the answer is never "covered" for a path the granted rule would refuse.
/// </summary>
internal static class OvhAccessRuleMatcher
{
    /// <summary>Longest granted path considered; OVH's own rules are short, a longer one from a hostile answer covers nothing.</summary>
    public const int MaxPathLength = 1024;

    public static bool Covers(OvhAccessRule granted, OvhAccessRule needed) =>
        granted.Path.Length <= MaxPathLength && needed.Path.Length <= MaxPathLength
        && string.Equals(granted.Method.Trim(), needed.Method.Trim(), StringComparison.OrdinalIgnoreCase)
        && Covers(granted.Path.AsSpan(), needed.Path.AsSpan());

    /// <summary>True when any of <paramref name="granted"/> covers <paramref name="needed"/>.</summary>
    public static bool IsCovered(IEnumerable<OvhAccessRule> granted, OvhAccessRule needed) => granted.Any(g => Covers(g, needed));

    /// <summary>Memo tables up to this many cells live on the stack; real rules (under 64 characters) never need the heap.</summary>
    private const int StackMemoCells = 4096;

    private static bool Covers(ReadOnlySpan<char> pattern, ReadOnlySpan<char> needed)
    {
        // Without a wildcard, a rule covers exactly itself.
        if (!pattern.Contains('*'))
        {
            return pattern.SequenceEqual(needed);
        }

        // Memoised over (pattern index, needed index): hostile rules such as "/*a*a*a*...b" stay polynomial.
        var cells = (pattern.Length + 1) * (needed.Length + 1);
        var memo = cells <= StackMemoCells ? stackalloc sbyte[cells] : new sbyte[cells];
        memo.Clear();
        return Covers(pattern, 0, needed, 0, memo);
    }

    private static bool Covers(ReadOnlySpan<char> pattern, int p, ReadOnlySpan<char> needed, int n, Span<sbyte> memo)
    {
        var key = (p * (needed.Length + 1)) + n;
        if (memo[key] != 0)
        {
            return memo[key] > 0;
        }

        bool result;
        if (p == pattern.Length)
        {
            result = n == needed.Length;
        }
        else if (pattern[p] == '*')
        {
            // A granted '*' absorbs at least one token of the needed path, literal or '*'.
            result = false;
            for (var end = n + 1; end <= needed.Length && !result; end++)
            {
                result = Covers(pattern, p + 1, needed, end, memo);
            }
        }
        else
        {
            result = n < needed.Length && needed[n] != '*' && pattern[p] == needed[n] && Covers(pattern, p + 1, needed, n + 1, memo);
        }

        memo[key] = result ? (sbyte)1 : (sbyte)-1;
        return result;
    }
}
