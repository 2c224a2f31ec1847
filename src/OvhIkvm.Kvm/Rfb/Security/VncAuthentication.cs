using System.Text;
using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Rfb.Security;

/// <summary>
/// VNC Authentication (RFC 6143 section 7.2.2): the 16-byte challenge is DES-encrypted with a key made of the
/// first 8 password bytes, zero-padded, each byte bit-reversed (the historical quirk every VNC server shares).
/// </summary>
internal static class VncAuthentication
{
    public const int ChallengeLength = 16;

    /// <summary>VNC only ever uses the first 8 bytes of the password; longer passwords are truncated, as servers do.</summary>
    public const int MaxPasswordBytes = 8;

    public static void ComputeResponse(Secret password, ReadOnlySpan<byte> challenge, Span<byte> response)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfNotEqual(challenge.Length, ChallengeLength);

        Span<byte> key = stackalloc byte[MaxPasswordBytes];
        key.Clear();

        // Latin-1 like the reference servers (they use the C string's bytes); characters beyond it become '?'.
        var text = password.Reveal();
        var length = Math.Min(text.Length, MaxPasswordBytes);
        Encoding.Latin1.GetBytes(text.AsSpan(0, length), key);
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = ReverseBits(key[i]);
        }

        VncDes.EncryptBlock(key, challenge[..8], response[..8]);
        VncDes.EncryptBlock(key, challenge[8..], response[8..16]);
        key.Clear();
    }

    private static byte ReverseBits(byte value)
    {
        var reversed = 0;
        for (var bit = 0; bit < 8; bit++)
        {
            reversed |= ((value >> bit) & 1) << (7 - bit);
        }

        return (byte)reversed;
    }
}
