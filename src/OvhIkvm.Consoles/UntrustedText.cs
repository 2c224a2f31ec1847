using System.Globalization;
using System.Text;

namespace OvhIkvm.Consoles;

/// <summary>
/// The one way text we did not write (an OVH server name or error, a BMC or VNC server's message, an id or name from the
/// targets file, a setting's value) is shown: in tool output, error messages, the <c>servers</c> table and logs.
/// Such text must not forge a line (CR, LF, U+2028), hide or reorder what follows it (the bidirectional controls
/// U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C, all of Unicode category Cf), or flood a message.
/// Line breaks and tabs become spaces; every other control or format character is shown as <c>&lt;U+XXXX&gt;</c>, so the
/// reader sees that it was there without the terminal or the model acting on it.
/// </summary>
public static class UntrustedText
{
    /// <summary>Enough for a host name, a server label or a one-sentence peer message.</summary>
    public const int DefaultMaxLength = 200;

    private const string Ellipsis = "...";

    /// <summary>The text on one line, with no control or format character left, at most about <paramref name="maxLength"/> characters.</summary>
    public static string Printable(string? text, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (text.Length <= maxLength && IsPrintable(text))
        {
            return text;
        }

        var shown = new StringBuilder(Math.Min(text.Length, maxLength) + Ellipsis.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (shown.Length >= maxLength)
            {
                return shown.Append(Ellipsis).ToString();
            }

            switch (Classify(rune))
            {
                case Kind.Shown:
                    shown.Append(rune.ToString());
                    break;
                case Kind.Space:
                    shown.Append(' ');
                    break;
                default:
                    shown.Append("<U+").Append(rune.Value.ToString("X4", CultureInfo.InvariantCulture)).Append('>');
                    break;
            }
        }

        return shown.ToString();
    }

    /// <summary>Whether <see cref="Printable"/> would show the text unchanged (length aside): no control, format, separator or lone surrogate.</summary>
    public static bool IsPrintable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            // Fast path for the common case; anything outside printable ASCII gets the full rune check.
            if (c is < ' ' or > '~')
            {
                return IsPrintableSlow(text);
            }
        }

        return true;
    }

    private static bool IsPrintableSlow(string text)
    {
        var remaining = text.AsSpan();
        while (!remaining.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(remaining, out var rune, out var consumed) != System.Buffers.OperationStatus.Done || Classify(rune) != Kind.Shown)
            {
                return false;
            }

            remaining = remaining[consumed..];
        }

        return true;
    }

    private static Kind Classify(Rune rune)
    {
        if (rune == Rune.ReplacementChar)
        {
            // A lone surrogate decodes to U+FFFD: shown as such, it is harmless.
            return Kind.Shown;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control when Rune.IsWhiteSpace(rune) => Kind.Space,
            UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => Kind.Space,
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate => Kind.Escaped,
            _ => Kind.Shown,
        };
    }

    private enum Kind
    {
        Shown,
        Space,
        Escaped,
    }
}
