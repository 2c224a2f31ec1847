using System.Buffers.Binary;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Ami.Ivtp;

/// <summary>
/// Cuts IVTP packets out of the WebSocket byte stream. The socket is a byte stream, not a packet stream: one
/// message may hold several packets and one packet may span several messages, so bytes are buffered until a
/// whole packet is present. A declared length above <see cref="MaxPayloadLength"/> is refused before anything is
/// allocated for it, and the buffer grows with the bytes received, never to a declared length ahead of them; each
/// size is reserved in the capture's decode budget before it is allocated (<see cref="MakeRoomAsync"/>), and a
/// buffer grown for a large packet is given back once that packet has been handled.
/// A packet's payload is a view of the buffer, valid until the next <see cref="Append"/> or <see cref="TryRead"/>:
/// video data is copied once, by whoever keeps it, not here as well.
/// </summary>
internal sealed class IvtpPacketReader(int maxPayloadLength, DecodeMemoryAccount memory) : IDisposable
{
    private const int InitialLength = 4096;

    // Ordinary traffic (a 64 KiB receive behind a fragment still incomplete) grows the buffer to 128 KiB: that much is kept,
    // rather than grown again for every message; a larger buffer only lives as long as its packet.
    private const int RetainedLength = 256 * 1024;

    private readonly ReservedBuffer _buffer = new(memory);
    private int _start;
    private int _end;

    public int MaxPayloadLength { get; } = maxPayloadLength;

    /// <summary>Bytes received but not yet returned as packets.</summary>
    public int BufferedBytes => _end - _start;

    /// <summary>
    /// Makes room for <paramref name="incoming"/> more bytes before they are appended: grows the buffer (never past
    /// the packet being received, or one maximal packet, plus the bytes arriving) after reserving its new size.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token fired while waiting for the budget.</exception>
    public ValueTask MakeRoomAsync(int incoming, CancellationToken cancellationToken)
    {
        var buffer = _buffer.Bytes;
        if (buffer.Length - _end >= incoming)
        {
            return ValueTask.CompletedTask;
        }

        var pending = _end - _start;
        var needed = pending + incoming;
        if (needed <= buffer.Length)
        {
            Compact();
            return ValueTask.CompletedTask;
        }

        // Doubling keeps the copies linear.
        var cap = (long)IvtpPacket.HeaderSize + (PendingPacketLength() ?? MaxPayloadLength) + incoming;
        var size = (int)Math.Min(Math.Max(Math.Max((long)buffer.Length * 2, InitialLength), needed), Math.Max(cap, needed));
        return GrowAsync(size, pending, cancellationToken);
    }

    /// <summary>Appends received bytes, for which <see cref="MakeRoomAsync"/> has made room.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (_buffer.Bytes.Length - _end < bytes.Length)
        {
            Compact();
        }

        if (_buffer.Bytes.Length - _end < bytes.Length)
        {
            throw new InvalidOperationException("Make room for the bytes before appending them.");
        }

        bytes.CopyTo(_buffer.Bytes.AsSpan(_end));
        _end += bytes.Length;
    }

    /// <summary>Returns the next complete packet (its payload valid until the next Append or TryRead), or false when more bytes are needed.</summary>
    /// <exception cref="IvtpProtocolException">The next header declares a payload larger than allowed.</exception>
    public bool TryRead(out IvtpPacket packet)
    {
        packet = default;
        if (_start == _end && _buffer.Bytes.Length > RetainedLength)
        {
            // The large packet this buffer grew for has been handled: give its memory back.
            _buffer.Release();
            _start = _end = 0;
        }

        var available = _buffer.Bytes.AsSpan(_start, _end - _start);
        if (available.Length < IvtpPacket.HeaderSize)
        {
            return false;
        }

        var declared = BinaryPrimitives.ReadUInt32LittleEndian(available[2..]);
        if (declared > (uint)MaxPayloadLength)
        {
            throw new IvtpProtocolException(
                $"the BMC announced an IVTP packet of {declared} bytes, more than the {MaxPayloadLength} allowed");
        }

        var total = IvtpPacket.HeaderSize + (int)declared;
        if (available.Length < total)
        {
            return false;
        }

        var command = (IvtpCommand)BinaryPrimitives.ReadUInt16LittleEndian(available);
        var status = BinaryPrimitives.ReadUInt16LittleEndian(available[6..]);

        var payload = _buffer.Bytes.AsMemory(_start + IvtpPacket.HeaderSize, (int)declared);
        _start += total;
        if (_start == _end)
        {
            _start = _end = 0;
        }

        packet = new IvtpPacket(command, status, payload);
        return true;
    }

    /// <summary>Gives the buffer's reservation back.</summary>
    public void Dispose() => _buffer.Dispose();

    private async ValueTask GrowAsync(int size, int pending, CancellationToken cancellationToken)
    {
        await _buffer.ResizeAsync(size, _start, pending, cancellationToken).ConfigureAwait(false);
        _start = 0;
        _end = pending;
    }

    private void Compact()
    {
        var pending = _end - _start;
        _buffer.Bytes.AsSpan(_start, pending).CopyTo(_buffer.Bytes);
        _start = 0;
        _end = pending;
    }

    /// <summary>The payload length the buffered header declares, once a header is buffered and within bounds.</summary>
    private int? PendingPacketLength()
    {
        if (_end - _start < IvtpPacket.HeaderSize)
        {
            return null;
        }

        var declared = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Bytes.AsSpan(_start + 2));
        return declared <= (uint)MaxPayloadLength ? (int)declared : null;
    }
}
