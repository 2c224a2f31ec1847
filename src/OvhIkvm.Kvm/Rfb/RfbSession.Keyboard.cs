using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>
/// Typing over VNC: one KeyEvent (RFC 6143 section 7.5.4) per key down and per key up, X keysyms on the wire.
/// The caller's cancellation is honoured between events, never in the middle of a write: a write cut short would
/// leave the stream mid-message and the keys already down could not be released.
/// </summary>
internal sealed partial class RfbSession : IKvmKeyboard
{
    private const byte KeyEventType = 4;
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(2);

    public async Task SendKeysAsync(KeySequence keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ObjectDisposedException.ThrowIf(_busy < 0, this);
        if (_broken)
        {
            throw new RfbProtocolException($"The VNC connection to {_server} was left unusable by an earlier failure; open a new session.");
        }

        using var writeLimit = new CancellationTokenSource(_options.CaptureTimeout, _timeProvider);
        var down = new Stack<uint>();
        try
        {
            foreach (var chord in keys.Chords)
            {
                foreach (var keysym in PressOrder(chord, keys.Layout))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    down.Push(keysym);
                    await SendKeyEventAsync(keysym, pressed: true, writeLimit.Token).ConfigureAwait(false);
                }

                while (down.Count > 0)
                {
                    await SendKeyEventAsync(down.Peek(), pressed: false, writeLimit.Token).ConfigureAwait(false);
                    down.Pop();
                }
            }
        }
        catch (OperationCanceledException ex) when (writeLimit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _broken = true;
            throw new RfbProtocolException($"The VNC server at {_server} did not take the keys within {_options.CaptureTimeout.TotalSeconds:0} s.", ex);
        }
        catch (Exception ex) when (ex is IOException or System.Net.WebSockets.WebSocketException)
        {
            _broken = true;
            throw new RfbProtocolException($"The connection to the VNC server at {_server} broke while typing.", ex);
        }
        finally
        {
            await ReleaseAsync(down).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Modifiers first, then the keys. Keysyms name characters, not key positions, and the VNC server turns them into
    /// key presses itself: typed text goes as each character's keysym (with Shift_L where a US keyboard needs it, as X
    /// clients send it), a dead key not at all; a printable key of a named chord as the character the layout gives it
    /// (Ctrl+A on AZERTY is Control_L and a). AltGr is never sent: the keysym already says what it would select.
    /// </summary>
    private static IEnumerable<uint> PressOrder(KeyChord chord, KeyboardLayout layout)
    {
        if (chord.IsDeadKey)
        {
            yield break;
        }

        var modifiers = chord.Modifiers & ~KeyModifiers.AltGr;
        if (chord.Character is { } typed && !char.IsControl(typed))
        {
            modifiers = KeyboardLayouts.Us.TryType(typed, out var us) && us.Count == 1 ? us[0].Modifiers : KeyModifiers.None;
        }

        foreach (var (modifier, keysym, _) in KeyTable.Modifiers)
        {
            if (modifiers.HasFlag(modifier))
            {
                yield return keysym;
            }
        }

        foreach (var key in chord.Keys)
        {
            var character = chord.Character is { } c && !char.IsControl(c) ? c : layout.CharacterOf(key, chord.Modifiers);
            var codes = KeyTable.Codes(key);
            yield return character is { } printable ? Keysym(printable)
                : chord.Modifiers.HasFlag(KeyModifiers.Shift) ? codes.ShiftedKeysym : codes.Keysym;
        }
    }

    /// <summary>Latin-1 characters are their own keysyms; any other is 0x01000000 plus its code point (X11 keysymdef.h).</summary>
    private static uint Keysym(char character) => character is >= ' ' and <= '~' or >= '\u00a0' and <= '\u00ff' ? character : 0x0100_0000u + character;

    /// <summary>Lets go of what is still down after a failure or cancellation, bounded by its own short timeout.</summary>
    private async Task ReleaseAsync(Stack<uint> down)
    {
        if (down.Count == 0 || _broken)
        {
            return;
        }

        using var limit = new CancellationTokenSource(ReleaseTimeout, _timeProvider);
        try
        {
            while (down.Count > 0)
            {
                await SendKeyEventAsync(down.Pop(), pressed: false, limit.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or System.Net.WebSockets.WebSocketException or OperationCanceledException)
        {
            // The connection is gone or stuck: the server drops the keys with the client.
            _broken = true;
            LogReleaseFailed(_logger, _server, ex);
        }
    }

    private async Task SendKeyEventAsync(uint keysym, bool pressed, CancellationToken cancellationToken)
    {
        var message = new byte[8];
        message[0] = KeyEventType;
        message[1] = pressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), keysym);
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the keys still down on the VNC server at {Server}; the connection is dropped instead")]
    private static partial void LogReleaseFailed(ILogger logger, string server, Exception exception);
}
