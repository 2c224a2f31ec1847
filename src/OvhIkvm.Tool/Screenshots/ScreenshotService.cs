using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using OvhIkvm.Imaging.Rendering;
using OvhIkvm.Kvm.Consoles;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Tool.Consoles;

namespace OvhIkvm.Tool.Screenshots;

/// <summary>
/// Console access, KVM session, frame, PNG. Requests for a server that is already being captured join that capture
/// instead of opening a second session: BMCs typically allow one KVM viewer at a time, and a second viewer would
/// either be refused or kick the first one off.
/// </summary>
internal sealed partial class ScreenshotService(
    IConsoleDirectory directory,
    IKvmSessionFactory sessions,
    IScreenshotRenderer renderer,
    TimeProvider time,
    ILogger<ScreenshotService> logger) : IScreenshotService
{
    private readonly ConcurrentDictionary<string, InFlightCapture> _inFlight = new(StringComparer.OrdinalIgnoreCase);

    public async Task<Screenshot> CaptureAsync(string serverId, bool raw, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        var started = time.GetTimestamp();
        var captured = await JoinCaptureAsync(serverId, progress, cancellationToken).ConfigureAwait(false);
        var image = renderer.Render(captured.Frame, raw);
        var elapsed = time.GetElapsedTime(started);
        LogCaptured(serverId, captured.Frame.Width, captured.Frame.Height, image.Png.Length, elapsed.TotalMilliseconds);
        return new Screenshot(serverId, image, captured.Frame.Width, captured.Frame.Height, captured.CapturedAt);
    }

    private async Task<CapturedFrame> JoinCaptureAsync(string serverId, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var capture = _inFlight.GetOrAdd(serverId, id => new InFlightCapture(this, id));
            if (!capture.TryJoin(progress))
            {
                // Its last waiter just left and it is being cancelled: start a fresh one.
                _inFlight.TryRemove(new KeyValuePair<string, InFlightCapture>(serverId, capture));
                continue;
            }

            try
            {
                return await capture.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                capture.Leave(progress);
            }
        }
    }

    private async Task<CapturedFrame> CaptureFrameAsync(string serverId, IProgress<ConsoleProgress> progress, CancellationToken cancellationToken)
    {
        var endpoint = await directory.OpenConsoleAsync(serverId, progress, cancellationToken).ConfigureAwait(false);
        try
        {
            var session = await sessions.OpenAsync(endpoint, progress, cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                var frame = await session.CaptureFrameAsync(cancellationToken).ConfigureAwait(false);
                return new CapturedFrame(frame, time.GetUtcNow());
            }
        }
        catch (ConsoleAccessRefusedException)
        {
            // A cached access the console refuses would fail every call until it expires: drop it so a retry asks anew.
            directory.ForgetConsoleAccess(serverId);
            LogAccessForgotten(serverId);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The console of {ServerId} refused its access; the next capture requests a new one")]
    private partial void LogAccessForgotten(string serverId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Captured {ServerId}: {Width}x{Height}, {PngBytes} PNG bytes in {ElapsedMs:0} ms")]
    private partial void LogCaptured(string serverId, int width, int height, int pngBytes, double elapsedMs);

    /// <summary>
    /// One capture shared by every caller asking for the same server meanwhile. It is not tied to any one caller's
    /// token: it is cancelled when its last waiter leaves before it is done.
    /// </summary>
    [SuppressMessage(
        "Reliability",
        "CA1001:Types that own disposable fields should be disposable",
        Justification = "The source has no timer, link or wait handle, so it holds nothing to release; disposing it could race with a late Cancel from Leave.")]
    private sealed class InFlightCapture
    {
        private readonly CancellationTokenSource _cancellation = new();
        private readonly Lock _gate = new();
        private int _waiters;
        private bool _abandoned;

        public InFlightCapture(ScreenshotService owner, string serverId)
        {
            Task = RunAsync(owner, serverId);
        }

        public ProgressFanOut Progress { get; } = new();

        public Task<CapturedFrame> Task { get; }

        public bool TryJoin(IProgress<ConsoleProgress>? progress)
        {
            lock (_gate)
            {
                if (_abandoned)
                {
                    return false;
                }

                _waiters++;
            }

            Progress.Subscribe(progress);
            return true;
        }

        public void Leave(IProgress<ConsoleProgress>? progress)
        {
            Progress.Unsubscribe(progress);
            lock (_gate)
            {
                if (--_waiters > 0 || Task.IsCompleted)
                {
                    return;
                }

                _abandoned = true;
            }

            _cancellation.Cancel();
        }

        private async Task<CapturedFrame> RunAsync(ScreenshotService owner, string serverId)
        {
            // Yield first so the capture starts only after this object is fully constructed and published.
            await System.Threading.Tasks.Task.Yield();
            try
            {
                return await owner.CaptureFrameAsync(serverId, Progress, _cancellation.Token).ConfigureAwait(false);
            }
            finally
            {
                owner._inFlight.TryRemove(new KeyValuePair<string, InFlightCapture>(serverId, this));
            }
        }
    }
}
