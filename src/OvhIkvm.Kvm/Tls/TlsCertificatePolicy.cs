using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Tls;

/// <summary>
/// Certificate validation for one console server, a BMC or a wss:// VNC server: the system's validation, unless the
/// user named this server's certificate. A pinned SHA-256 fingerprint accepts exactly that certificate (self-signed or
/// not) and refuses any other, even a publicly trusted one; the weaker opt-in (BMCs only) accepts whatever certificate
/// the server's host presents. Either exception applies to the server's own host only: a redirect or a second host
/// never inherits it.
/// </summary>
internal sealed class TlsCertificatePolicy
{
    private readonly string? _host;
    private readonly CertificateFingerprint? _pin;
    private string? _rejection;

    /// <summary>Accepts any certificate, self-signed included, for <paramref name="selfSignedHost"/>.</summary>
    public TlsCertificatePolicy(string selfSignedHost)
        : this(selfSignedHost, pin: null)
    {
        ArgumentNullException.ThrowIfNull(selfSignedHost);
    }

    private TlsCertificatePolicy(string? host, CertificateFingerprint? pin)
    {
        _host = host;
        _pin = pin;
    }

    public static TlsCertificatePolicy System { get; } = new(null, null);

    public bool AcceptsSelfSigned => _host is not null;

    /// <summary>Why the last certificate was refused, when the policy (not the system) refused it: the fingerprint seen.</summary>
    public string? Rejection => Volatile.Read(ref _rejection);

    public static TlsCertificatePolicy Pinned(string host, CertificateFingerprint pin)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(pin);
        return new TlsCertificatePolicy(host, pin);
    }

    public static TlsCertificatePolicy For(AmiBmcEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint switch
        {
            { PinnedCertificate: { } pin } => Pinned(endpoint.BaseUrl.IdnHost, pin),
            { AcceptSelfSignedCertificate: true } => new TlsCertificatePolicy(endpoint.BaseUrl.IdnHost),
            _ => System,
        };
    }

    /// <summary>A new policy per connection: <see cref="Rejection"/> then describes that connection's certificate.</summary>
    public static TlsCertificatePolicy For(VncEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.PinnedCertificate is { } pin ? Pinned(endpoint.Address.IdnHost, pin) : System;
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
            $"its certificate's SHA-256 fingerprint is {seen}, not the pinned {_pin}; if the server's certificate was replaced, check the new one and update the pin");
        return false;
    }

    /// <summary>
    /// Why a connection failed in its TLS handshake, as a clause: the pin's mismatch, an untrusted certificate and what to
    /// do, or a handshake that failed otherwise. Null when <paramref name="failure"/> is not about the certificate.
    /// </summary>
    public string? DescribeRefusal(Exception failure)
    {
        if (Rejection is { } rejection)
        {
            return rejection;
        }

        for (var inner = failure; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return AcceptsSelfSigned
                    ? "the TLS handshake failed"
                    : "its TLS certificate is not trusted (if it is self-signed, pin its SHA-256 fingerprint for this host)";
            }
        }

        return null;
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
