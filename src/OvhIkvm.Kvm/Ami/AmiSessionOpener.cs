using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Kvm.Ami.Web;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Kvm.Tls;

namespace OvhIkvm.Kvm.Ami;

/// <summary>
/// Opens AMI KVM sessions, from an OVH viewer page or from a direct MegaRAC login. It owns the logouts its sessions
/// leave running in the background: disposing it (the host shutting down) waits for them, bounded.
/// </summary>
internal sealed class AmiSessionOpener(
    IVideoFrameDecoderFactory decoders,
    IOptions<AmiSessionOptions> options,
    FrameLimits frameLimits,
    TimeProvider time,
    ILoggerFactory loggers) : IAsyncDisposable, IDisposable
{
    private const string LogCategory = "OvhIkvm.Kvm.Ami";

    private readonly ILogger _logger = loggers.CreateLogger(LogCategory);
    private readonly BmcLogouts _logouts = new(loggers.CreateLogger(LogCategory));

    public AmiSessionOptions Options => options.Value;

    /// <summary>
    /// Fetches a viewer page once, redirects not followed, with the system's certificate validation. Whatever provider
    /// granted the URL, it is opened only under <see cref="ViewerAddress"/>'s rule: https, or http on loopback.
    /// </summary>
    public async Task<ViewerPage> FetchViewerPageAsync(Secret viewerUrl, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewerUrl);
        if (!ViewerAddress.TryParse(viewerUrl.Reveal(), out var address, out var refusal))
        {
            throw new ConsoleException($"The console viewer was not opened: {refusal}; request a new console access.");
        }

        var started = time.GetTimestamp();
        progress?.Report(new ConsoleProgress($"fetching the viewer page ({address.Authority})", time.GetElapsedTime(started)));
        using var http = new BmcHttpClient(address, TlsCertificatePolicy.System, time);
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        var response = await http.SendAsync(request, "the viewer page", Options.PageFetchTimeout, cancellationToken).ConfigureAwait(false);
        return new ViewerPage(viewerUrl, response);
    }

    public async Task<IKvmSession> OpenFromViewerPageAsync(ViewerPage page, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var started = time.GetTimestamp();
        var http = new BmcHttpClient(page.Address, TlsCertificatePolicy.System, time);
        try
        {
            var web = BmcWebSession.FromViewerPage(page, http, Options, _logger);
            progress?.Report(new ConsoleProgress($"activating the BMC viewer session ({http.Host})", time.GetElapsedTime(started)));
            await web.ActivateViewerAsync(cancellationToken).ConfigureAwait(false);
            return CreateSession(web, http, progress, started);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public async Task<IKvmSession> OpenWithLoginAsync(AmiBmcEndpoint endpoint, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.BaseUrl.IsAbsoluteUri || (endpoint.BaseUrl.Scheme != Uri.UriSchemeHttps && endpoint.BaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ConsoleConfigurationException($"The BMC address '{endpoint.BaseUrl.GetLeftPart(UriPartial.Authority)}' is not an http(s) URL.");
        }

        // The login carries the BMC password: over http:// anyone on the path reads it, so plain http is the user's explicit choice.
        if (endpoint.BaseUrl.Scheme == Uri.UriSchemeHttp && !endpoint.AllowInsecureHttp)
        {
            throw new ConsoleConfigurationException(
                $"The BMC address '{endpoint.BaseUrl.GetLeftPart(UriPartial.Authority)}' is http://, which would send the BMC password in clear; use https:// or opt in to plain http for this BMC.");
        }

        var tls = TlsCertificatePolicy.For(endpoint);
        var started = time.GetTimestamp();
        var http = new BmcHttpClient(endpoint.BaseUrl, tls, time);
        try
        {
            progress?.Report(new ConsoleProgress($"logging in to the BMC ({http.Host})", time.GetElapsedTime(started)));
            var web = await BmcWebSession.LoginAsync(http, endpoint.Username, endpoint.Password, Options, _logger, cancellationToken).ConfigureAwait(false);
            return CreateSession(web, http, progress, started);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _logouts.DisposeAsync();

    public void Dispose() => _logouts.Dispose();

    private AmiKvmSession CreateSession(BmcWebSession web, BmcHttpClient http, IProgress<ConsoleProgress>? progress, long started) =>
        new(web, http, _logouts, decoders, Options, new VideoLimits(frameLimits, Options.MaxCompressedFrameBytes), time, _logger, progress, started);
}
