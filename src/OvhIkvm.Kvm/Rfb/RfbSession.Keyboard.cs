using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>
/// Typing over VNC: one event per key down and per key up. A server that acknowledged the QEMU Extended Key Event
/// pseudo-encoding (QEMU, TigerVNC) gets key positions, as a BMC's USB keyboard does: the XT scan code of each key the
/// server's layout needs (with its keysym, which such a server ignores), so the guest's own layout makes the character.
/// Any other server gets a KeyEvent (RFC 6143 section 7.5.4) with keysyms naming the characters (see PressOrder).
/// The caller's cancellation is honoured between events, never in the middle of a write: a write cut short would
/// leave the stream mid-message and the keys already down could not be released.
/// </summary>
internal sealed partial class RfbSession : IKvmKeyboard
{
    private const byte KeyEventType = 4;
    private const byte QemuClientMessageType = 255;
    private const byte QemuExtendedKeyEventSubtype = 0;
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(2);

    // Set by the update reader when the server acknowledges the QEMU Extended Key Event; read when typing.
    private volatile bool _keyPositions;

    public async Task SendKeysAsync(KeySequence keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ObjectDisposedException.ThrowIf(_busy < 0, this);
        if (_broken)
        {
            throw new RfbProtocolException($"The VNC connection to {_server} was left unusable by an earlier failure; open a new session.");
        }

        using var writeLimit = new CancellationTokenSource(_options.CaptureTimeout, _timeProvider);
        _typed = true;
        var positions = _keyPositions;
        var down = new Stack<(uint Keysym, uint Scancode)>();
        try
        {
            foreach (var chord in keys.Chords)
            {
                foreach (var key in positions ? PositionOrder(chord, keys.Layout) : PressOrder(chord, keys.Layout))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    down.Push(key);
                    await SendKeyEventAsync(key, pressed: true, writeLimit.Token).ConfigureAwait(false);
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
    private static IEnumerable<(uint Keysym, uint Scancode)> PressOrder(KeyChord chord, KeyboardLayout layout)
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
                yield return (keysym, 0);
            }
        }

        foreach (var key in chord.Keys)
        {
            yield return (KeysymOf(chord, key, layout), 0);
        }
    }

    /// <summary>The chord as a USB keyboard would press it (every modifier, dead keys included), each key by its scan code.</summary>
    private static IEnumerable<(uint Keysym, uint Scancode)> PositionOrder(KeyChord chord, KeyboardLayout layout)
    {
        foreach (var (modifier, keysym, _) in KeyTable.Modifiers)
        {
            if (chord.Modifiers.HasFlag(modifier))
            {
                yield return (keysym, XtScancodes.Of(modifier));
            }
        }

        foreach (var key in chord.Keys)
        {
            yield return (chord.IsDeadKey ? KeyTable.Codes(key).Keysym : KeysymOf(chord, key, layout), XtScancodes.Of(key));
        }
    }

    /// <summary>The character the chord types with <paramref name="key"/> as a keysym, or the key's own for a key that types none.</summary>
    private static uint KeysymOf(KeyChord chord, Key key, KeyboardLayout layout)
    {
        var character = chord.Character is { } c && !char.IsControl(c) ? c : layout.CharacterOf(key, chord.Modifiers);
        var codes = KeyTable.Codes(key);
        return character is { } printable ? Keysym(printable)
            : chord.Modifiers.HasFlag(KeyModifiers.Shift) ? codes.ShiftedKeysym : codes.Keysym;
    }

    private void TakesKeyPositions()
    {
        if (!_keyPositions)
        {
            _keyPositions = true;
            LogKeyPositions(_logger, _server);
        }
    }

    /// <summary>Latin-1 characters are their own keysyms; any other is 0x01000000 plus its code point (X11 keysymdef.h).</summary>
    private static uint Keysym(char character) => character is >= ' ' and <= '~' or >= '\u00a0' and <= '\u00ff' ? character : 0x0100_0000u + character;

    /// <summary>Lets go of what is still down after a failure or cancellation, bounded by its own short timeout.</summary>
    private async Task ReleaseAsync(Stack<(uint Keysym, uint Scancode)> down)
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

    private async Task SendKeyEventAsync((uint Keysym, uint Scancode) key, bool pressed, CancellationToken cancellationToken)
    {
        byte[] message;
        if (key.Scancode == 0)
        {
            message = new byte[8];
            message[0] = KeyEventType;
            message[1] = pressed ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), key.Keysym);
        }
        else
        {
            message = new byte[12];
            message[0] = QemuClientMessageType;
            message[1] = QemuExtendedKeyEventSubtype;
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), pressed ? (ushort)1 : (ushort)0);
            BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), key.Keysym);
            BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8), key.Scancode);
        }

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

    [LoggerMessage(Level = LogLevel.Debug, Message = "The VNC server at {Server} takes key positions (QEMU Extended Key Event): keys go as scan codes for the server's layout")]
    private static partial void LogKeyPositions(ILogger logger, string server);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the keys still down on the VNC server at {Server}; the connection is dropped instead")]
    private static partial void LogReleaseFailed(ILogger logger, string server, Exception exception);
}
