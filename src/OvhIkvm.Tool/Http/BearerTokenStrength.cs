namespace OvhIkvm.Tool.Http;

/// <summary>
/// A conservative estimate of how many bits of entropy a user-chosen bearer token carries, from its length and the
/// character classes it draws on. It cannot know how the token was made; it can refuse tokens that are too short to
/// hold 128 bits in the alphabet they use (a 32-digit hex string or a 22-character base64 string is just enough).
/// </summary>
internal static class BearerTokenStrength
{
    public const int RequiredBits = 128;

    public static double EstimateBits(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length == 0)
        {
            return 0;
        }

        var alphabet = AlphabetSize(token);
        return token.Length * Math.Log2(alphabet);
    }

    public static bool IsStrongEnough(string token) => EstimateBits(token) >= RequiredBits;

    private static int AlphabetSize(string token)
    {
        if (token.All(char.IsAsciiHexDigit))
        {
            return 16;
        }

        var size = 0;
        if (token.Any(char.IsAsciiDigit))
        {
            size += 10;
        }

        if (token.Any(char.IsAsciiLetterLower))
        {
            size += 26;
        }

        if (token.Any(char.IsAsciiLetterUpper))
        {
            size += 26;
        }

        if (token.Any(c => !char.IsAsciiLetterOrDigit(c)))
        {
            // Punctuation is mostly a few separators ('-', '_', '+', '/', '='): count it as a small class.
            size += 4;
        }

        return Math.Max(size, 2);
    }
}
