using Microsoft.Extensions.Logging;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Ami;

/// <summary>
/// Typing on an AMI BMC: a validated IVTP connection of its own (as a capture opens one), the keyboard reports
/// (<see cref="IvtpKeyboard"/>), then the polite close. The reports' encoding and the sending on an open socket stay
/// apart from the connection, so typing can move onto a held connection without change.
/// </summary>
internal sealed partial class AmiKvmSession : IKvmKeyboard
{
    public async Task SendKeysAsync(KeySequence keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var budget = options.SocketConnectTimeout + options.ValidationTimeout + IvtpKeyboard.Budget(keys);
        using var writeLimit = new CancellationTokenSource(budget, time);
        using var decoder = decoders.Create();
        await StepTimeout.RunAsync(
            t => ConverseAsync(
                decoder,
                async (capture, payload, socket, step) =>
                {
                    // The validation leaves a receive pending on the socket, and a cancelled receive aborts a WebSocket:
                    // it runs under the write limit alone, so the caller's cancellation never costs the key release.
                    var validation = capture.ValidateAsync(payload, writeLimit.Token);
                    _ = validation.ContinueWith(static v => v.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                    var result = await validation.WaitAsync(step).ConfigureAwait(false);
                    if (!result.Accepted)
                    {
                        return result;
                    }

                    Report("typing");
                    var drain = capture.DrainAsync();
                    try
                    {
                        await new IvtpKeyboard(socket, time).TypeAsync(keys, writeLimit.Token, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        // Closed here rather than by the caller, so that the BMC's answer to the close is read before
                        // the socket is disposed (see IvtpCapture.DrainAsync).
                        await socket.CloseAsync(StopSession, CloseTimeout, time).ConfigureAwait(false);
                        await drain.WaitAsync(CloseTimeout, time, CancellationToken.None).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
                    }

                    return result;
                },
                t),
            budget,
            time,
            () => $"The BMC at {Host} did not take the keys within {StepTimeout.Seconds(budget)}: {_current?.DescribeProgress() ?? "the KVM connection was never established"}.",
            cancellationToken).ConfigureAwait(false);
        LogTyped(logger, Host, keys.Chords.Count);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent {Chords} keystrokes to the BMC at {Host}")]
    private static partial void LogTyped(ILogger logger, string host, int chords);
}
