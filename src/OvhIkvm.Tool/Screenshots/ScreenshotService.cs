using Microsoft.Extensions.Logging;
using OvhIkvm.Imaging.Rendering;
using OvhIkvm.Consoles;
using OvhIkvm.Tool.Watching;

namespace OvhIkvm.Tool.Screenshots;

/// <summary>
/// Console access, KVM session, frame, PNG, through <see cref="HeldConsoles"/>: requests for a server that is already
/// being captured join that capture instead of opening a second session (BMCs typically allow one KVM viewer at a
/// time, and a second viewer would either be refused or kick the first one off), and a request for a server whose
/// console a wait follows gets the screen that wait keeps fresh.
/// </summary>
internal sealed partial class ScreenshotService(
    HeldConsoles consoles,
    IScreenshotRenderer renderer,
    TimeProvider time,
    ILogger<ScreenshotService> logger) : IScreenshotService
{
    public async Task<Screenshot> CaptureAsync(string serverId, bool raw, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        cancellationToken.ThrowIfCancellationRequested();
        var started = time.GetTimestamp();
        var hold = consoles.Hold(serverId, progress);
        ConsoleScreen screen;
        try
        {
            screen = await hold.CurrentScreenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // The caller is gone: it does not wait for the session to close (the last holder's leaving closes it).
            var awaitingAccess = !hold.AccessReady;
            _ = hold.DisposeAsync().AsTask();
            throw new CaptureAbandonedException(awaitingAccess, ex);
        }
        catch
        {
            await hold.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await hold.DisposeAsync().ConfigureAwait(false);
        var screenshot = Screenshot.Render(serverId, screen.Capture, renderer, raw);
        var elapsed = time.GetElapsedTime(started);
        LogCaptured(serverId, screenshot.SourceWidth, screenshot.SourceHeight, screenshot.Image.Png.Length, elapsed.TotalMilliseconds);
        return screenshot;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Captured {ServerId}: {Width}x{Height}, {PngBytes} PNG bytes in {ElapsedMs:0} ms")]
    private partial void LogCaptured(string serverId, int width, int height, int pngBytes, double elapsedMs);
}
