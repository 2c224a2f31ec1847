using System.Buffers;
using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Ami.Web;

/// <summary>
/// Checks a value the BMC (or its viewer page) handed us before it goes back out in a header: the session id and the
/// CSRF token travel in <c>Cookie</c> and <c>X-CSRFTOKEN</c>, the KVM token in a fixed-size field. A value with a line
/// break would let the BMC add headers of its choosing to our requests, and one the platform refuses would crash the
/// WebSocket upgrade; real firmware uses short alphanumeric strings, so anything else is refused with one sentence.
/// </summary>
internal static class BmcHeaderValue
{
    /// <summary>Far above any token real firmware issues (8 to 64 characters), far below anything that costs memory.</summary>
    public const int MaxLength = 512;

    // RFC 6265 section 4.1.1: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E.
    private static readonly SearchValues<char> CookieOctets = SearchValues.Create(
        "!#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>Returns <paramref name="value"/> when every character is an RFC 6265 cookie-octet (a subset of RFC 9110 field-value characters).</summary>
    /// <exception cref="ConsoleException">The value is empty, too long, or holds a control character, space, quote, comma, semicolon, backslash or non-ASCII character.</exception>
    public static Secret Require(Secret value, string what, string host, int maxLength = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Reveal();
        if (text.Length == 0 || text.Length > maxLength || text.AsSpan().ContainsAnyExcept(CookieOctets))
        {
            throw new ConsoleException(
                $"The BMC at {host} sent a {what} that is not a plain token (line breaks, separators or more than {maxLength} characters), so it is not sent back; the BMC or its viewer page is misbehaving.");
        }

        return value;
    }
}
