using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OvhIkvm.Kvm.Ami.Web;

/// <summary>
/// Certificate validation for one BMC: the system's validation, except that a user who named a BMC host as having
/// a self-signed certificate gets that host (and only that host) accepted without a trusted chain.
/// </summary>
internal sealed class BmcTlsPolicy(string? selfSignedHost)
{
    public static BmcTlsPolicy System { get; } = new(null);

    public bool AcceptsSelfSigned => selfSignedHost is not null;

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? _, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (selfSignedHost is null || certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        // The opt-in is for one named host: a redirect or a second host never inherits it.
        var target = sender switch
        {
            SslStream stream => stream.TargetHostName,
            HttpRequestMessage request => request.RequestUri?.IdnHost,
            _ => null,
        };
        return string.Equals(target, selfSignedHost, StringComparison.OrdinalIgnoreCase);
    }
}
