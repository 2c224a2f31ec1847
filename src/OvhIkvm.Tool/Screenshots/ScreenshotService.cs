using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using OvhIkvm.Imaging.Rendering;
using OvhIkvm.Consoles;
using OvhIkvm.Tool.Watching;

namespace OvhIkvm.Tool.Screenshots;

/// <summary>
/// Console access, KVM session, frame, PNG. Requests for a server that is already being captured join that capture
/// instead of opening a second session: BMCs typically allow one KVM viewer at a time, and a second viewer would
/// either be refused or kick the first one off. The session itself is held through <see cref="HeldConsoles"/>, so a
/// request for a server whose console a wait follows gets the screen that wait keeps fresh.
/// </summary>
internal sealed partial class ScreenshotService(
    HeldConsoles consoles,
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
        var screenshot = Screenshot.Render(serverId, captured, renderer, raw);
        var elapsed = time.GetElapsedTime(started);
        LogCaptured(serverId, screenshot.SourceWidth, screenshot.SourceHeight, screenshot.Image.Png.Length, elapsed.TotalMilliseconds);
        return screenshot;
    }

    private async Task<CapturedFrame> JoinCaptureAsync(string serverId, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var capture = StartOrJoin(serverId);
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
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex is not CaptureAbandonedException)
            {
                throw new CaptureAbandonedException(!capture.AccessReady, ex);
            }
            finally
            {
                capture.Leave(progress);
            }
        }
    }

    /// <summary>
    /// The capture in flight for the server, or a new one. GetOrAdd may run a factory twice under contention, so
    /// nothing is started inside it: only the instance that won the race is started, and a losing one is never run.
    /// </summary>
    private InFlightCapture StartOrJoin(string serverId)
    {
        if (_inFlight.TryGetValue(serverId, out var existing))
        {
            return existing;
        }

        var candidate = new InFlightCapture(this, serverId, time);
        var capture = _inFlight.GetOrAdd(serverId, candidate);
        if (ReferenceEquals(capture, candidate))
        {
            candidate.Start();
        }

        return capture;
    }

    private async Task<CapturedFrame> CaptureFrameAsync(string serverId, InFlightCapture capture, CancellationToken cancellationToken)
    {
        var hold = consoles.Hold(serverId, capture.Progress);
        capture.Hold = hold;
        await using (hold.ConfigureAwait(false))
        {
            // Read once per capture (the held console recognises each new screen): every caller sharing it gets the same text.
            return (await hold.CurrentScreenAsync(cancellationToken).ConfigureAwait(false)).Capture;
        }
    }

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
        private readonly Task<Task<CapturedFrame>> _run;
        private int _waiters;
        private bool _abandoned;
        private ConsoleHold? _hold;

        /// <summary>Prepares the capture without starting it: see <see cref="Start"/>.</summary>
        public InFlightCapture(ScreenshotService owner, string serverId, TimeProvider time)
        {
            _run = new Task<Task<CapturedFrame>>(() => RunAsync(owner, serverId));
            Task = _run.Unwrap();
            Progress = new ProgressFanOut(time);
        }

        public ProgressFanOut Progress { get; }

        /// <summary>The held console the capture reads; null until the capture has started.</summary>
        public ConsoleHold? Hold
        {
            get => Volatile.Read(ref _hold);
            set => Volatile.Write(ref _hold, value);
        }

        /// <summary>True once the console access is obtained; before that the capture waits for the provider (an OVH grant).</summary>
        public bool AccessReady => Hold?.AccessReady == true;

        /// <summary>Completes with the frame once the capture has been started and has ended.</summary>
        public Task<CapturedFrame> Task { get; }

        /// <summary>Starts the capture; called once, by the caller whose instance was published.</summary>
        public void Start() => _run.Start(TaskScheduler.Default);

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
            try
            {
                return await owner.CaptureFrameAsync(serverId, this, _cancellation.Token).ConfigureAwait(false);
            }
            finally
            {
                owner._inFlight.TryRemove(new KeyValuePair<string, InFlightCapture>(serverId, this));
            }
        }
    }
}
