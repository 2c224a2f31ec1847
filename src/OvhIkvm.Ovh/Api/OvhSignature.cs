using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OvhIkvm.Ovh.Api;

/// <summary>
/// The OVH request signature: <c>"$1$" + hex(SHA1(AS + "+" + CK + "+" + METHOD + "+" + URL + "+" + BODY + "+" + TIMESTAMP))</c>
/// over the exact URL and body text sent. SHA-1 is OVH's choice, not ours; the secret never leaves this process.
/// </summary>
internal static class OvhSignature
{
    private const string Prefix = "$1$";
    private const int StackLimit = 1024;

    public static string Compute(string applicationSecret, string consumerKey, string method, string url, string body, long timestamp)
    {
        Span<char> timestampText = stackalloc char[20];
        timestamp.TryFormat(timestampText, out var timestampLength, provider: CultureInfo.InvariantCulture);
        timestampText = timestampText[..timestampLength];

        var length = Encoding.UTF8.GetByteCount(applicationSecret) + Encoding.UTF8.GetByteCount(consumerKey)
            + Encoding.UTF8.GetByteCount(method) + Encoding.UTF8.GetByteCount(url) + Encoding.UTF8.GetByteCount(body)
            + timestampLength + 5;
        byte[]? rented = null;
        var preImage = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = 0;
            written += Encoding.UTF8.GetBytes(applicationSecret, preImage[written..]);
            preImage[written++] = (byte)'+';
            written += Encoding.UTF8.GetBytes(consumerKey, preImage[written..]);
            preImage[written++] = (byte)'+';
            written += Encoding.UTF8.GetBytes(method, preImage[written..]);
            preImage[written++] = (byte)'+';
            written += Encoding.UTF8.GetBytes(url, preImage[written..]);
            preImage[written++] = (byte)'+';
            written += Encoding.UTF8.GetBytes(body, preImage[written..]);
            preImage[written++] = (byte)'+';
            written += Encoding.UTF8.GetBytes(timestampText, preImage[written..]);

            Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // The OVH API defines its signature with SHA-1; we cannot choose another hash.
            SHA1.HashData(preImage[..written], hash);
#pragma warning restore CA5350
            return string.Concat(Prefix, Convert.ToHexStringLower(hash));
        }
        finally
        {
            preImage[..Math.Min(length, preImage.Length)].Clear();
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
