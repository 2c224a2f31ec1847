using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace OvhIkvm.Simulators.Bmc;

/// <summary>
/// The BMC side of one KVM WebSocket: CONNECTION_ALLOWED, then the validation of the single-use KVM token, then
/// video on request. Outgoing packets go through one byte stream that is cut into messages per
/// <see cref="BmcSimulatorOptions.MessageSize"/>, so packets span messages and share them. Once video has started,
/// a screen that changes by itself (<see cref="IChangingBmcScreenSource"/>) gets a new frame at each change, unasked;
/// one gate keeps those frames and the answers to the client whole.
/// </summary>
internal sealed class BmcKvmConnection(WebSocket socket, bool base64, BmcWebState.Session session, BmcSimulator simulator) : IDisposable
{
    private const int HeaderSize = 8;
    private const int VideoHeaderSize = 86;
    private const int MaxClientPacket = 64 * 1024;
    private const int KeepAliveBurst = 32;

    private readonly ArrayBufferWriter<byte> _outgoing = new();
    private readonly List<byte> _incoming = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _ended = new();
    private Task? _pushChanges;
    private int _messageIndex;
    private bool _validated;
    private bool _stalled;
    private bool _fullScreenIgnored;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            Queue(0x17, status: 2);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[16 * 1024];
            while (socket.State == WebSocketState.Open)
            {
                var message = await ReceiveMessageAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (message is null)
                {
                    break;
                }

                _incoming.AddRange(message);
                _messageIndex++;
                while (TryTakePacket(out var command, out var status, out var payload))
                {
                    simulator.Record(new BmcPacketRecord(command, status, payload, _messageIndex));
                    if (!await HandleGatedAsync(command, payload, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }

            if (socket.State == WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away: that ends the connection, nothing more.
        }
        finally
        {
            await _ended.CancelAsync().ConfigureAwait(false);
            if (_pushChanges is not null)
            {
                await _pushChanges.ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        _ended.Dispose();
        _gate.Dispose();
    }

    private async Task<bool> HandleGatedAsync(ushort command, byte[] payload, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await HandleAsync(command, payload, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task PushChangesAsync(IChangingBmcScreenSource screens)
    {
        var cancellationToken = _ended.Token;
        try
        {
            while (true)
            {
                await screens.WaitForChangeAsync(cancellationToken).ConfigureAwait(false);
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (!await SendFrameAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection ended.
        }
    }

    private async Task<byte[]?> ReceiveMessageAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return result.MessageType == WebSocketMessageType.Text
            ? Convert.FromBase64String(Encoding.ASCII.GetString(message.GetBuffer(), 0, (int)message.Length))
            : message.ToArray();
    }

    private bool TryTakePacket(out ushort command, out ushort status, out byte[] payload)
    {
        command = status = 0;
        payload = [];
        if (_incoming.Count < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        for (var i = 0; i < HeaderSize; i++)
        {
            header[i] = _incoming[i];
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(header[2..]);
        if (length > MaxClientPacket)
        {
            throw new IOException("a client packet declares an impossible length");
        }

        if (_incoming.Count < HeaderSize + (int)length)
        {
            return false;
        }

        command = BinaryPrimitives.ReadUInt16LittleEndian(header);
        status = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        payload = _incoming.GetRange(HeaderSize, (int)length).ToArray();
        _incoming.RemoveRange(0, HeaderSize + (int)length);
        return true;
    }

    /// <returns>False when the connection must end.</returns>
    private async Task<bool> HandleAsync(ushort command, byte[] payload, CancellationToken cancellationToken)
    {
        var faults = simulator.Faults;
        if (faults.Unresponsive)
        {
            return true;
        }

        switch (command)
        {
            case 0x12:
                if (faults.SessionInUse)
                {
                    Queue(0x16, status: 0);
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                    return true;
                }

                _validated = !faults.RejectValidation && IsValid(payload);
                Queue(0x13, status: 0, _validated ? [1, 0] : [0, 0]);
                if (_validated)
                {
                    Queue(0x35, status: 1);
                    Queue(0x27, status: 0);
                    for (var i = 0; faults.KeepAliveStorm && i < KeepAliveBurst; i++)
                    {
                        Queue(0x39, status: 0);
                    }
                }

                await FlushAsync(cancellationToken).ConfigureAwait(false);
                return true;

            case 0x01 when _validated:
                simulator.Keyboard.Receive(payload, this);
                return true;

            case 0x22 when _validated:
                Queue(0x22, status: faults.BlankScreen ? (ushort)0 : (ushort)1);
                await FlushAsync(cancellationToken).ConfigureAwait(false);
                return true;

            case 0x0b when _validated && faults.IgnoreFirstFullScreenRequest && !_fullScreenIgnored:
                _fullScreenIgnored = true;
                return true;

            case 0x0b when _validated:
                return await SendFrameAsync(cancellationToken).ConfigureAwait(false);

            case 0x39 when faults.KeepAliveStorm:
                Queue(0x39, status: 0);
                await FlushAsync(cancellationToken).ConfigureAwait(false);
                return true;

            case 0x08:
                return false;

            default:
                return true;
        }
    }

    private bool IsValid(byte[] payload)
    {
        var required = simulator.Options.RequiredValidationLength;
        if ((required is not null && payload.Length != required) || (payload.Length != 373 && payload.Length != 438))
        {
            return false;
        }

        var tokenField = payload.AsSpan(1, 129);
        var end = tokenField.IndexOf((byte)0);
        var token = Encoding.UTF8.GetString(end < 0 ? tokenField : tokenField[..end]);
        return session.RedeemKvmToken(token);
    }

    private async Task<bool> SendFrameAsync(CancellationToken cancellationToken)
    {
        var faults = simulator.Faults;
        if (_stalled || faults.Unresponsive)
        {
            // Stalled: still reading (and recording) what the client sends, never answering with video.
            return true;
        }

        if (faults.BlankScreen)
        {
            Queue(0x09, status: 0);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (faults.NoiseBeforeVideo)
        {
            Queue(0x1002, status: 0, RandomNumberGenerator.GetBytes(12));
            Queue(0x7777, status: 3, RandomNumberGenerator.GetBytes(40));
            Queue(0x19, status: 0, [5, 0, .. RandomNumberGenerator.GetBytes(30)]);
        }

        var screens = simulator.ScreenSource;
        var fragments = BuildFragments(screens.NextFrame(), faults);
        if (_pushChanges is null && screens is IChangingBmcScreenSource changing)
        {
            // Not inline: this runs under the gate, which the pusher takes for each frame.
            _pushChanges = Task.Run(() => PushChangesAsync(changing), CancellationToken.None);
        }

        var cutAfter = faults.CloseMidFrame || faults.StallMidFrame ? Math.Max(1, fragments.Count / 2) : fragments.Count;
        for (var i = 0; i < cutAfter; i++)
        {
            Queue(0x19, status: 0, fragments[i]);
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
        if (faults.CloseMidFrame)
        {
            socket.Abort();
            return false;
        }

        if (faults.MaximalCompressSize)
        {
            // Politely, so that every byte sent reaches the client before the close.
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
            return false;
        }

        _stalled = faults.StallMidFrame;
        return true;
    }

    private List<byte[]> BuildFragments(BmcScreen screen, BmcFaults faults)
    {
        if (faults.GarbageVideo)
        {
            return [[0, 0, .. RandomNumberGenerator.GetBytes(200)], [1, 0x80, .. RandomNumberGenerator.GetBytes(100)]];
        }

        // The engine's CompressSize counts 32-bit words: the data is zero-padded to a multiple of 4.
        var data = new byte[(screen.Bitstream.Length + 3) & ~3];
        screen.Bitstream.Span.CopyTo(data);
        var compressSize = faults switch
        {
            { OversizedCompressSize: true } => 0x7FFF_FFF0u,
            { MaximalCompressSize: true } => (uint)((8L * screen.Width * screen.Height) + 4096),
            _ => (uint)data.Length,
        };
        var header = BuildHeader(screen, compressSize);
        if (faults.SingleVideoPacketBytes > 0)
        {
            var packet = new byte[faults.SingleVideoPacketBytes];
            BinaryPrimitives.WriteUInt16LittleEndian(packet, 0x8000);
            header.CopyTo(packet, 2);
            data.CopyTo(packet, 2 + VideoHeaderSize);
            return [packet];
        }

        var fragmentSize = Math.Max(1, simulator.Options.FragmentSize);
        var fragments = new List<byte[]>();
        var offset = 0;
        do
        {
            var take = Math.Min(fragmentSize, data.Length - offset);
            var first = fragments.Count == 0;
            var last = offset + take == data.Length;
            var fragment = new byte[2 + (first ? VideoHeaderSize : 0) + take];
            BinaryPrimitives.WriteUInt16LittleEndian(fragment, (ushort)(fragments.Count | (last ? 0x8000 : 0)));
            if (first)
            {
                header.CopyTo(fragment, 2);
            }

            data.AsSpan(offset, take).CopyTo(fragment.AsSpan(fragment.Length - take));
            fragments.Add(fragment);
            offset += take;
        }
        while (offset < data.Length);
        return fragments;
    }

    private static byte[] BuildHeader(BmcScreen screen, uint compressSize)
    {
        var header = new byte[VideoHeaderSize];
        var span = header.AsSpan();
        var blockSize = screen.Mode420 ? 16 : 8;
        var blocks = (uint)(((screen.Width + blockSize - 1) / blockSize) * ((screen.Height + blockSize - 1) / blockSize));
        BinaryPrimitives.WriteUInt16LittleEndian(span, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], VideoHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], (ushort)screen.Width);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)screen.Height);
        BinaryPrimitives.WriteUInt16LittleEndian(span[13..], (ushort)screen.Width);
        BinaryPrimitives.WriteUInt16LittleEndian(span[15..], (ushort)screen.Height);
        header[42] = screen.CompressionMode;
        header[43] = 16;
        header[44] = screen.TableSelector;
        header[45] = screen.ChromaUsesLumaTables ? (byte)1 : (byte)0;
        header[47] = screen.AdvanceTableSelector;
        header[48] = 23;
        BinaryPrimitives.WriteUInt32LittleEndian(span[49..], screen.NumberOfBlocks ?? blocks);
        header[55] = screen.Mode420 ? (byte)1 : (byte)0;
        header[64] = screen.Mode420 ? (byte)0 : (byte)4;
        BinaryPrimitives.WriteUInt32LittleEndian(span[69..], compressSize);
        return header;
    }

    private void Queue(ushort command, ushort status, ReadOnlySpan<byte> payload = default)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        BinaryPrimitives.WriteUInt16LittleEndian(header, command);
        BinaryPrimitives.WriteUInt32LittleEndian(header[2..], (uint)payload.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], status);
        _outgoing.Write(header);
        _outgoing.Write(payload);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var bytes = _outgoing.WrittenSpan.ToArray();
        _outgoing.ResetWrittenCount();
        var size = simulator.Options.MessageSize;
        if (size <= 0)
        {
            // One message per packet.
            var offset = 0;
            while (offset < bytes.Length)
            {
                var length = HeaderSize + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 2));
                await SendMessageAsync(bytes.AsMemory(offset, length), cancellationToken).ConfigureAwait(false);
                offset += length;
            }

            return;
        }

        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            await SendMessageAsync(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)), cancellationToken).ConfigureAwait(false);
        }
    }

    private Task SendMessageAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (!base64)
        {
            return socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).AsTask();
        }

        var text = Encoding.ASCII.GetBytes(Convert.ToBase64String(message.Span));
        return socket.SendAsync(text.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).AsTask();
    }
}
