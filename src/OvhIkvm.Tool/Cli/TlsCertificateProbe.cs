using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Cli;

/// <summary>
/// Reads the certificate a BMC or a wss:// VNC server presents, for <c>doctor</c> to show its fingerprint. Only the TLS
/// handshake happens, and the probe itself refuses the certificate: nothing is sent over the connection, least of all a
/// password.
/// </summary>
internal static class TlsCertificateProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <exception cref="ConsoleException">The server could not be reached or presented no certificate; the message says which.</exception>
    public static async Task<PresentedCertificate> ProbeAsync(Uri address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        CertificateFingerprint? seen = null;
        var trusted = false;
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(address.IdnHost, address.Port, timeout.Token).ConfigureAwait(false);
            var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await using (tls.ConfigureAwait(false))
            {
                var options = new SslClientAuthenticationOptions
                {
                    TargetHost = address.IdnHost,
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    {
                        seen = certificate is null ? null : CertificateFingerprint.Of(certificate);
                        trusted = errors == SslPolicyErrors.None;
                        return false;
                    },
                };
                await tls.AuthenticateAsClientAsync(options, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (AuthenticationException) when (seen is not null)
        {
            // The probe's own refusal: the certificate was read.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConsoleException($"{address.Authority} did not complete a TLS handshake within {Timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException)
        {
            throw new ConsoleException($"could not read the TLS certificate of {address.Authority} ({UntrustedText.Printable(ex.Message).TrimEnd('.')})", ex);
        }

        return seen is null
            ? throw new ConsoleException($"{address.Authority} presented no TLS certificate")
            : new PresentedCertificate(seen, trusted);
    }
}
