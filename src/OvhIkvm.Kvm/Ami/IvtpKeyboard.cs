using OvhIkvm.Kvm.Ami.Ivtp;
using OvhIkvm.Kvm.Input;

namespace OvhIkvm.Kvm.Ami;

/// <summary>
/// Types on an open, validated IVTP socket: one keyboard report per state change, paced as AMI's viewers pace
/// them, and a final all-released report whatever happened. The caller's cancellation is honoured between
/// reports, never in the middle of a send: a cancelled WebSocket send aborts the socket, and the keys already down
/// could then never be released on it.
/// </summary>
internal sealed class IvtpKeyboard(IvtpSocket socket, TimeProvider time)
{
    /// <summary>A USB host polls a keyboard every few milliseconds; reports closer together may merge and lose a key.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(2);

    private uint _sequence;

    /// <summary>The longest typing <paramref name="keys"/> may take on a BMC that answers promptly.</summary>
    public static TimeSpan Budget(KeySequence keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var reports = keys.Chords.Sum(c => c.Keys.Count + 3) + 1;
        return (ReportInterval * reports * 4) + TimeSpan.FromSeconds(5);
    }

    /// <param name="keys">The chords to type.</param>
    /// <param name="writeLimit">Bounds each send; unlike <paramref name="cancellationToken"/> it may cut one short.</param>
    /// <param name="cancellationToken">Stops the typing at the next report boundary.</param>
    public async Task TypeAsync(KeySequence keys, CancellationToken writeLimit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var pressed = false;
        try
        {
            foreach (var chord in keys.Chords)
            {
                foreach (var report in UsbKeyboardReport.For(chord))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    pressed = true;
                    await socket.SendAsync(IusbKeyboardPacket.Encode(report, _sequence++), writeLimit).ConfigureAwait(false);
                    await Task.Delay(ReportInterval, time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (pressed)
            {
                await ReleaseAllAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task ReleaseAllAsync()
    {
        using var limit = new CancellationTokenSource(ReleaseTimeout, time);
        try
        {
            await socket.SendAsync(IusbKeyboardPacket.Encode(UsbKeyboardReport.Released, _sequence++), limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The socket is gone: the BMC releases a remote keyboard with its connection.
        }
    }
}
