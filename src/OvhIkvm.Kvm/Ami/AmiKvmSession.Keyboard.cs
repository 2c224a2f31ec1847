using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Ami;

/// <summary>
/// Typing on an AMI BMC: the keyboard reports (<see cref="IvtpKeyboard"/>) go over the held KVM connection
/// (<see cref="IvtpHold"/>), the one a follow of the screen uses, since a BMC allows one viewer. A session that holds
/// none yet takes one first, as <see cref="NextFrameAsync"/> does: the screen after the keys is then followed on the
/// connection that typed them.
/// </summary>
internal sealed partial class AmiKvmSession : IKvmKeyboard
{
    public async Task SendKeysAsync(KeySequence keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_hold is null)
        {
            await CaptureWithinTimeoutAsync(keepConnection: true, cancellationToken).ConfigureAwait(false);
        }

        var hold = _hold ?? throw new InvalidOperationException("A held capture returned without holding its connection.");
        var budget = IvtpKeyboard.Budget(keys);
        using var writeLimit = new CancellationTokenSource(budget, time);
        Report("typing");
        try
        {
            await hold.TypeAsync(keys, writeLimit.Token, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (writeLimit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ConsoleException($"The BMC at {Host} did not take the keys within {StepTimeout.Seconds(budget)}; open a new session.", exception);
        }
        catch (WebSocketException exception)
        {
            throw new ConsoleException($"The KVM connection to {Host} broke while typing ({exception.WebSocketErrorCode}); open a new session.", exception);
        }

        LogTyped(logger, Host, keys.Chords.Count);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent {Chords} keystrokes to the BMC at {Host}")]
    private static partial void LogTyped(ILogger logger, string host, int chords);
}
