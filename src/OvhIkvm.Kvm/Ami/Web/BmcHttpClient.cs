using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Tls;

namespace OvhIkvm.Kvm.Ami.Web;

/// <summary>
/// HTTP to one BMC: redirects are never followed (a viewer page's redirect carries its cookie and token), cookies
/// are handled by hand (the BMC's cookie is a secret we send to that host only), every call has a time limit and
/// every failure becomes a <see cref="ConsoleException"/> that names the host and never the URL.
/// </summary>
internal sealed class BmcHttpClient : IDisposable
{
    /// <summary>Pages and JSON answers larger than this are not a BMC's.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private readonly HttpClient _client;
    private readonly TimeProvider _time;

    public BmcHttpClient(Uri origin, TlsCertificatePolicy tls, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(origin);
        Origin = new Uri(origin.GetLeftPart(UriPartial.Authority));
        Tls = tls;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.All,
            SslOptions = { RemoteCertificateValidationCallback = tls.Validate },
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("ovh-ikvm-mcp", "1.0"));
    }

    /// <summary>scheme://host[:port] of the BMC.</summary>
    public Uri Origin { get; }

    /// <summary>The host (and port), safe to show.</summary>
    public string Host => Origin.Authority;

    public TlsCertificatePolicy Tls { get; }

    public Uri Resolve(string pathAndQuery) => new(Origin, pathAndQuery);

    /// <summary>Sends a request and reads the whole (bounded) body within <paramref name="timeout"/>.</summary>
    public Task<BmcHttpResponse> SendAsync(HttpRequestMessage request, string step, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StepTimeout.RunAsync(
            async token =>
            {
                try
                {
                    using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                    var body = await ReadBoundedAsync(response.Content, step, token).ConfigureAwait(false);
                    return new BmcHttpResponse(response, body);
                }
                catch (HttpRequestException exception)
                {
                    throw new ConsoleException(DescribeFailure(step, exception), exception);
                }
                catch (IOException exception) when (!token.IsCancellationRequested)
                {
                    // The body broke off after the headers (HttpIOException, a reset): the answer is unusable either way.
                    throw new ConsoleException($"The BMC at {Host} broke off its answer to {step}; check that it is reachable and retry.", exception);
                }
            },
            timeout,
            _time,
            () => $"The BMC at {Host} did not answer {step} within {StepTimeout.Seconds(timeout)}; check that it is reachable and retry.",
            cancellationToken);
    }

    public void Dispose() => _client.Dispose();

    private string DescribeFailure(string step, HttpRequestException exception)
    {
        var reason = exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "its name does not resolve",
            HttpRequestError.ConnectionError => "the connection failed",
            HttpRequestError.SecureConnectionError => Tls.DescribeRefusal(exception) ?? "the TLS handshake failed",
            HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse => "it sent an invalid HTTP answer",
            _ => "the request failed",
        };
        return $"Could not reach the BMC at {Host} for {step}: {reason}.";
    }

    private async Task<string> ReadBoundedAsync(HttpContent content, string step, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxBodyBytes)
        {
            throw new ConsoleException($"The BMC at {Host} answered {step} with more than {MaxBodyBytes / 1024} KiB; this is not a BMC page.");
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Min(MaxBodyBytes, 16 * 1024)];
            using var collected = new MemoryStream();
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (collected.Length + read > MaxBodyBytes)
                {
                    throw new ConsoleException($"The BMC at {Host} answered {step} with more than {MaxBodyBytes / 1024} KiB; this is not a BMC page.");
                }

                collected.Write(buffer, 0, read);
            }

            return Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length);
        }
    }
}
