using Microsoft.Extensions.Logging;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>Source-generated log messages of the RFB client. Addresses are logged through <see cref="Transport.RfbTransport.Describe"/> only.</summary>
internal static partial class RfbLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Connecting to VNC server {Server}")]
    public static partial void Connecting(ILogger logger, string server);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to VNC server {Server}: RFB {Version}, {Width}x{Height}, {BitsPerPixel} bpp, desktop '{DesktopName}'")]
    public static partial void Connected(ILogger logger, string server, RfbVersion version, int width, int height, int bitsPerPixel, string desktopName);

    [LoggerMessage(Level = LogLevel.Debug, Message = "VNC capture of {Server} complete: {Updates} updates, {Rectangles} rectangles in {ElapsedMs} ms")]
    public static partial void CaptureComplete(ILogger logger, string server, int updates, int rectangles, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Trace, Message = "VNC rectangle from {Server}: {Width}x{Height} at ({X},{Y}), encoding {Encoding}")]
    public static partial void Rectangle(ILogger logger, string server, int x, int y, int width, int height, int encoding);

    [LoggerMessage(Level = LogLevel.Debug, Message = "VNC server {Server} resized its screen to {Width}x{Height}")]
    public static partial void Resized(ILogger logger, string server, int width, int height);

    [LoggerMessage(Level = LogLevel.Debug, Message = "VNC server {Server} sent a colour map; decoding its own {BitsPerPixel}-bit colour-mapped format")]
    public static partial void ColourMapFallback(ILogger logger, string server, int bitsPerPixel);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the VNC connection to {Server} failed")]
    public static partial void CloseFailed(ILogger logger, string server, Exception exception);
}
