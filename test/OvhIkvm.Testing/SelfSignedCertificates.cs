using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OvhIkvm.Testing;

/// <summary>Certificates like a BMC's factory one: self-signed, for an IP address, valid for a day around now.</summary>
public static class SelfSignedCertificates
{
    public static X509Certificate2 ForIp(string ip)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={ip}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Parse(ip));
        request.CertificateExtensions.Add(san.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        // Through PKCS#12 so that the key is usable by the TLS server on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
