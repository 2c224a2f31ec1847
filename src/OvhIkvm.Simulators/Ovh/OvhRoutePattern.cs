namespace OvhIkvm.Simulators.Ovh;

/// <summary>OVH access-rule matching: <c>*</c> stands for any non-empty run of characters, slashes included.</summary>
internal static class OvhRoutePattern
{
    public static bool Matches(string pattern, string method, string path)
    {
        var space = pattern.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !string.Equals(pattern[..space], method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return Glob(pattern.AsSpan(space + 1), path);
    }

    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        while (!pattern.IsEmpty)
        {
            if (pattern[0] == '*')
            {
                var rest = pattern[1..];
                for (var taken = 1; taken <= text.Length; taken++)
                {
                    if (Glob(rest, text[taken..]))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (text.IsEmpty || pattern[0] != text[0])
            {
                return false;
            }

            pattern = pattern[1..];
            text = text[1..];
        }

        return text.IsEmpty;
    }
}
