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
/// Disposing it hands the web session to <see cref="BmcLogouts"/>, which logs out (when this tool opened it) and
/// disposes the HTTP client in the background, so the caller has its frame without waiting for the BMC.
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
    private int _disposed;

    public string Host => http.Host;

    public Task<Frame> CaptureFrameAsync(CancellationToken cancellationToken) =>
        StepTimeout.RunAsync(
            CaptureAsync,
            options.CaptureTimeout,
            time,
            () => $"No complete screen arrived from {Host} within {StepTimeout.Seconds(options.CaptureTimeout)}: {_current?.DescribeProgress() ?? "the KVM connection was never established"}.",
            cancellationToken);

    // A fresh IVTP connection per frame until the held-session watch lands: correct, only slower.
    public Task<Frame> NextFrameAsync(TimeSpan maxWait, CancellationToken cancellationToken) => CaptureFrameAsync(cancellationToken);

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            logouts.Start(web, http, options.LogoutTimeout);
        }

        return ValueTask.CompletedTask;
    }

    private async Task<Frame> CaptureAsync(CancellationToken cancellationToken)
    {
        using var decoder = decoders.Create();
        var result = await ConverseAsync(decoder, static (capture, payload, _, t) => capture.RunAsync(payload, t), cancellationToken).ConfigureAwait(false);
        var frame = result.Frame ?? throw new InvalidOperationException("A capture conversation ended without a frame.");
        var elapsed = time.GetElapsedTime(started);
        LogCaptured(logger, Host, frame.Width, frame.Height, elapsed.TotalMilliseconds);
        return frame;
    }

    /// <summary>
    /// Opens a validated IVTP connection with a fresh KVM token, runs <paramref name="conversation"/> on it, and closes
    /// it politely. The conversation validates the session itself (through <see cref="IvtpCapture"/>), so a
    /// rejection is handled here once for captures and keys alike.
    /// </summary>
    private async Task<IvtpCaptureResult> ConverseAsync(
        IVideoFrameDecoder decoder,
        Func<IvtpCapture, byte[], IvtpSocket, CancellationToken, Task<IvtpCaptureResult>> conversation,
        CancellationToken cancellationToken)
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
            await using (socket.ConfigureAwait(false))
            {
                Report("validating the KVM session");
                var capture = _current = new IvtpCapture(socket, decoder, options, limits, time, logger, Host);
                IvtpCaptureResult result;
                try
                {
                    result = await conversation(capture, payload, socket, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await socket.CloseAsync(StopSession, CloseTimeout, time).ConfigureAwait(false);
                }

                if (result.Accepted)
                {
                    return result;
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
