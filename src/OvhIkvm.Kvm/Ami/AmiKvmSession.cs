using System.Net;
using Microsoft.Extensions.Logging;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Ami.Ivtp;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Kvm.Ami.Web;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Ami;

/// <summary>
/// A KVM session on an AMI MegaRAC / ASRockRack BMC: a web session (cookie + CSRF token) from which each capture
/// takes a fresh single-use KVM token, opens <c>wss://host/kvm</c> and speaks IVTP until the screen is complete.
/// The first <see cref="NextFrameAsync"/> does the same but keeps the connection (<see cref="IvtpHold"/>): later calls
/// and captures are answered on it, since a BMC allows one viewer. Disposing it closes a held connection politely,
/// then hands the web session to <see cref="BmcLogouts"/>, which logs out (when this tool opened it) and disposes the
/// HTTP client in the background, so the caller has its frame without waiting for the BMC.
/// </summary>
internal sealed partial class AmiKvmSession(
    BmcWebSession web,
    BmcHttpClient http,
    BmcLogouts logouts,
    IVideoFrameDecoderFactory decoders,
    AmiSessionOptions options,
    VideoLimits limits,
    TimeProvider time,
    ILogger logger,
    IProgress<ConsoleProgress>? progress,
    long started) : IKvmSession
{
    private static readonly byte[] StopSession = IvtpPacket.Encode(IvtpPacket.Empty(IvtpCommand.StopSessionImmediate));
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private IvtpCapture? _current;
    private IvtpHold? _hold;
    private int _disposed;

    public string Host => http.Host;

    /// <summary>A complete screen; on a held session, the held screen as it is (a second KVM connection would be refused).</summary>
    public Task<Frame> CaptureFrameAsync(CancellationToken cancellationToken) =>
        _hold is { } hold ? hold.NextAsync(TimeSpan.Zero, cancellationToken) : CaptureWithinTimeoutAsync(keepConnection: false, cancellationToken);

    public Task<Frame> NextFrameAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        return _hold is { } hold ? hold.NextAsync(maxWait, cancellationToken) : CaptureWithinTimeoutAsync(keepConnection: true, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_hold is { } hold)
        {
            // Bounded by the hold's close timeouts: the BMC must hear StopSessionImmediate before the logout.
            await hold.DisposeAsync().ConfigureAwait(false);
        }

        logouts.Start(web, http, options.LogoutTimeout);
    }

    private Task<Frame> CaptureWithinTimeoutAsync(bool keepConnection, CancellationToken cancellationToken) =>
        StepTimeout.RunAsync(
            t => CaptureAsync(keepConnection, t),
            options.CaptureTimeout,
            time,
            () => $"No complete screen arrived from {Host} within {StepTimeout.Seconds(options.CaptureTimeout)}: {_current?.DescribeProgress() ?? "the KVM connection was never established"}.",
            cancellationToken);

    // keepConnection: keep the KVM connection and the decoder's screen after the first frame, as the hold.
    private async Task<Frame> CaptureAsync(bool keepConnection, CancellationToken cancellationToken)
    {
        var decoder = decoders.Create();
        try
        {
            return await CaptureAsync(decoder, keepConnection, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_hold is null)
            {
                decoder.Dispose();
            }
        }
    }

    private async Task<Frame> CaptureAsync(IVideoFrameDecoder decoder, bool keepConnection, CancellationToken cancellationToken)
    {
        string? serverIp = null;
        for (var attempt = 1; ; attempt++)
        {
            Report("requesting a KVM token");
            var token = await web.GetKvmTokenAsync(cancellationToken).ConfigureAwait(false);
            var payload = ValidationPayload.Build(token.Token.Reveal(), token.ClientIp, serverIp);

            Report("opening the KVM WebSocket");
            var socket = await StepTimeout.RunAsync(
                t => IvtpSocket.ConnectAsync(KvmAddress(), web, t),
                options.SocketConnectTimeout,
                time,
                () => $"The KVM WebSocket to {Host} did not open within {StepTimeout.Seconds(options.SocketConnectTimeout)}; check that the BMC is reachable.",
                cancellationToken).ConfigureAwait(false);
            Report("validating the KVM session");
            var capture = _current = new IvtpCapture(socket, decoder, options, limits, time, logger, Host);
            IvtpCaptureResult result;

            // A held connection's receive must outlive this call (cancelling a WebSocket receive aborts the socket):
            // it runs on the hold's own lifetime, and this call's deadline only stops waiting for it.
            var lifetime = keepConnection ? new CancellationTokenSource() : null;
            Task<IvtpCaptureResult>? run = null;
            try
            {
                run = capture.RunAsync(payload, keepScreen: keepConnection, lifetime?.Token ?? cancellationToken);
                result = await run.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (result.Frame is not null && lifetime is not null)
                {
                    _hold = IvtpHold.Start(socket, capture, decoder, lifetime, result.Frame, time);
                }
            }
            finally
            {
                if (_hold is null)
                {
                    await socket.CloseAsync(StopSession, CloseTimeout, time).ConfigureAwait(false);
                    if (lifetime is not null)
                    {
                        await lifetime.CancelAsync().ConfigureAwait(false);
                        lifetime.Dispose();
                    }

                    _ = run?.ContinueWith(static t => t.Exception, TaskScheduler.Default);
                    capture.Dispose();
                    await socket.DisposeAsync().ConfigureAwait(false);
                }
            }

            if (result.Frame is not null)
            {
                var elapsed = time.GetElapsedTime(started);
                LogCaptured(logger, Host, result.Frame.Width, result.Frame.Height, elapsed.TotalMilliseconds);
                return result.Frame;
            }

            // Firmware differs on the validation layout (373 or 438 bytes) and nobody knows which needs which:
            // a rejection as "invalid session (info)" gets one retry with the other layout and a fresh token.
            if (attempt == 1 && result.ValidationCode is 0 or 3)
            {
                LogRetryingValidation(logger, Host, result.ValidationCode);
                serverIp = await web.TryGetServerIpAsync(cancellationToken).ConfigureAwait(false)
                    ?? (IPAddress.TryParse(http.Origin.IdnHost, out _) ? http.Origin.IdnHost : string.Empty);
                continue;
            }

            // 2 is a privilege problem a fresh access does not fix; any other code means this session is dead.
            throw result.ValidationCode == 2
                ? new ConsoleException(DescribeRejection(result.ValidationCode))
                : new ConsoleAccessRefusedException(DescribeRejection(result.ValidationCode));
        }
    }

    private Uri KvmAddress()
    {
        var scheme = http.Origin.Scheme == Uri.UriSchemeHttp ? "ws" : "wss";
        return new Uri($"{scheme}://{http.Origin.Authority}/kvm");
    }

    private string DescribeRejection(byte code) => code switch
    {
        2 => $"The BMC at {Host} rejected the KVM session: KVM is disabled or this user lacks the KVM privilege.",
        8 => $"The BMC at {Host} rejected the KVM session: the web session is no longer registered; request a new console access.",
        _ => $"The BMC at {Host} rejected the KVM session (validation result {code}); request a new console access and retry.",
    };

    private void Report(string stage) => progress?.Report(new ConsoleProgress($"{stage} ({Host})", time.GetElapsedTime(started)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Captured a {Width}x{Height} screen from the BMC at {Host} in {ElapsedMs:0} ms")]
    private static partial void LogCaptured(ILogger logger, string host, int width, int height, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "The BMC at {Host} rejected the short validation packet (result {Code}); retrying with the long one")]
    private static partial void LogRetryingValidation(ILogger logger, string host, byte code);
}
