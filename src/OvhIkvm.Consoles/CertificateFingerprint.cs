using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OvhIkvm.Consoles;

/// <summary>
/// The SHA-256 of a certificate's DER encoding: what a user pins for a BMC whose certificate no public authority signed.
/// Shown and accepted as colon-separated hex pairs (as browsers and <c>openssl x509 -fingerprint -sha256</c> print it);
/// plain hex and any case are accepted too.
/// </summary>
public sealed class CertificateFingerprint : IEquatable<CertificateFingerprint>
{
    private const int Length = SHA256.HashSizeInBytes;
    private readonly byte[] _hash;

    private CertificateFingerprint(byte[] hash) => _hash = hash;

    public static CertificateFingerprint Of(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new CertificateFingerprint(certificate.GetCertHash(HashAlgorithmName.SHA256));
    }

    /// <summary>Reads "AB:CD:…" or "abcd…" (64 hex digits); anything else is not a fingerprint.</summary>
    public static bool TryParse(string? text, out CertificateFingerprint? fingerprint)
    {
        fingerprint = null;
        if (text is null)
        {
            return false;
        }

        var digits = text.Trim().Replace(":", string.Empty, StringComparison.Ordinal);
        if (digits.Length != Length * 2 || !digits.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        fingerprint = new CertificateFingerprint(Convert.FromHexString(digits));
        return true;
    }

    public bool Matches(X509Certificate certificate) => Equals(Of(certificate));

    public bool Equals(CertificateFingerprint? other) => other is not null && CryptographicOperations.FixedTimeEquals(_hash, other._hash);

    public override bool Equals(object? obj) => Equals(obj as CertificateFingerprint);

    public override int GetHashCode() => BitConverter.ToInt32(_hash);

    /// <summary>Upper-case hex pairs separated by colons.</summary>
    public override string ToString() => string.Join(':', Convert.ToHexString(_hash).Chunk(2).Select(pair => new string(pair)));
}
