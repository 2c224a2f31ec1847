using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Ami.Web;

/// <summary>
/// Certificate validation for one BMC: the system's validation, unless the user named this BMC's certificate. A pinned
/// SHA-256 fingerprint accepts exactly that certificate (self-signed or not) and refuses any other, even a publicly
/// trusted one; the weaker opt-in accepts whatever certificate the BMC's host presents. Either exception applies to the
/// BMC's own host only: a redirect or a second host never inherits it.
/// </summary>
internal sealed class BmcTlsPolicy
{
    private readonly string? _host;
    private readonly CertificateFingerprint? _pin;
    private string? _rejection;

    /// <summary>Accepts any certificate, self-signed included, for <paramref name="selfSignedHost"/>.</summary>
    public BmcTlsPolicy(string selfSignedHost)
        : this(selfSignedHost, pin: null)
    {
        ArgumentNullException.ThrowIfNull(selfSignedHost);
    }

    private BmcTlsPolicy(string? host, CertificateFingerprint? pin)
    {
        _host = host;
        _pin = pin;
    }

    public static BmcTlsPolicy System { get; } = new(null, null);

    public bool AcceptsSelfSigned => _host is not null;

    /// <summary>Why the last certificate was refused, when the policy (not the system) refused it: the fingerprint seen.</summary>
    public string? Rejection => Volatile.Read(ref _rejection);

    public static BmcTlsPolicy Pinned(string host, CertificateFingerprint pin)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(pin);
        return new BmcTlsPolicy(host, pin);
    }

    public static BmcTlsPolicy For(AmiBmcEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint switch
        {
            { PinnedCertificate: { } pin } => Pinned(endpoint.BaseUrl.IdnHost, pin),
            { AcceptSelfSignedCertificate: true } => new BmcTlsPolicy(endpoint.BaseUrl.IdnHost),
            _ => System,
        };
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? _, SslPolicyErrors errors)
    {
        if (_pin is null && errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (_host is null || certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || !IsOwnHost(sender))
        {
            return false;
        }

        if (_pin is null)
        {
            return true;
        }

        var seen = CertificateFingerprint.Of(certificate);
        if (seen.Equals(_pin))
        {
            return true;
        }

        Volatile.Write(
            ref _rejection,
            $"its certificate's SHA-256 fingerprint is {seen}, not the pinned {_pin}; if the BMC's certificate was replaced, check the new one and update the pin");
        return false;
    }

    private bool IsOwnHost(object sender)
    {
        var target = sender switch
        {
            SslStream stream => stream.TargetHostName,
            HttpRequestMessage request => request.RequestUri?.IdnHost,
            _ => null,
        };
        return string.Equals(target, _host, StringComparison.OrdinalIgnoreCase);
    }
}
