using OvhIkvm.Imaging;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Tests.Rfb.Peers;

/// <summary>
/// Captures a frame through our client with the oracle taken before and after it: when both oracles agree, the
/// screen was stable for the whole capture and the frame must match them. A screen that changes (a blinking
/// cursor, a client still mapping its window) is tried again a bounded number of times.
/// </summary>
internal static class PeerCapture
{
    private const int Attempts = 6;

    public static RfbOptions OptionsFor(RfbEncoding encoding, int? jpegQuality = null, bool keepServerFormat = false) => new()
    {
        Encodings = [encoding],
        JpegQuality = jpegQuality,
        KeepServerPixelFormat = keepServerFormat,
    };

    public static async Task<Frame> CaptureAsync(
        Uri address, Secret? password, RfbOptions options, CancellationToken cancellationToken, TimeProvider? time = null, CertificateFingerprint? pin = null)
    {
        time ??= TimeProvider.System;
        var connector = new RfbSessionConnector(options, new TestOutputLogger<RfbSession>(), time, new DecodeMemoryBudget(time));
        await using var session = await connector.OpenAsync(new VncEndpoint(address, password, pin), null, cancellationToken);
        return await session.CaptureFrameAsync(cancellationToken);
    }

    /// <returns>Our frame and the oracle it is to be compared with.</returns>
    public static async Task<(Frame Frame, Frame Oracle)> CaptureStableAsync(
        Func<CancellationToken, Task<Frame>> capture,
        Func<CancellationToken, Task<Frame>> oracle,
        Func<Frame, Frame, bool> agrees,
        CancellationToken cancellationToken)
    {
        (Frame Frame, Frame Oracle) last = default;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var before = await oracle(cancellationToken);
            var frame = await capture(cancellationToken);
            var after = await oracle(cancellationToken);
            last = (frame, after);
            if (before.ContentEquals(after) && agrees(after, frame))
            {
                return last;
            }
        }

        return last;
    }
}
