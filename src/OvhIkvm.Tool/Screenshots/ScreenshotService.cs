using Microsoft.Extensions.Logging;
using OvhIkvm.Imaging.Rendering;
using OvhIkvm.Kvm.Consoles;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Tool.Consoles;

namespace OvhIkvm.Tool.Screenshots;

internal sealed partial class ScreenshotService(
    IConsoleDirectory directory,
    IKvmSessionFactory sessions,
    IScreenshotRenderer renderer,
    TimeProvider time,
    ILogger<ScreenshotService> logger) : IScreenshotService
{
    public async Task<Screenshot> CaptureAsync(string serverId, bool raw, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var endpoint = await directory.OpenConsoleAsync(serverId, progress, cancellationToken).ConfigureAwait(false);
        var session = await sessions.OpenAsync(endpoint, progress, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var frame = await session.CaptureFrameAsync(cancellationToken).ConfigureAwait(false);
            var capturedAt = time.GetUtcNow();
            var image = renderer.Render(frame, raw);
            var elapsed = time.GetElapsedTime(started);
            LogCaptured(serverId, frame.Width, frame.Height, image.Png.Length, elapsed.TotalMilliseconds);
            return new Screenshot(serverId, image, frame.Width, frame.Height, capturedAt);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Captured {ServerId}: {Width}x{Height}, {PngBytes} PNG bytes in {ElapsedMs:0} ms")]
    private partial void LogCaptured(string serverId, int width, int height, int pngBytes, double elapsedMs);
}
