using System.Buffers.Binary;

namespace OvhIkvm.Kvm.Ami.Ivtp;

/// <summary>
/// Cuts IVTP packets out of the WebSocket byte stream. The socket is a byte stream, not a packet stream: one
/// message may hold several packets and one packet may span several messages, so bytes are buffered until a
/// whole packet is present. A declared length above <see cref="MaxPayloadLength"/> is refused before anything is
/// allocated for it, and the buffer grows with the bytes received, never to a declared length ahead of them.
/// A packet's payload is a view of the buffer, valid until the next <see cref="Append"/>: video data is copied once,
/// by whoever keeps it, not here as well.
/// </summary>
internal sealed class IvtpPacketReader(int maxPayloadLength)
{
    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    public int MaxPayloadLength { get; } = maxPayloadLength;

    /// <summary>Bytes received but not yet returned as packets.</summary>
    public int BufferedBytes => _end - _start;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        EnsureSpace(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_end));
        _end += bytes.Length;
    }

    /// <summary>Returns the next complete packet (its payload valid until the next Append), or false when more bytes are needed.</summary>
    /// <exception cref="IvtpProtocolException">The next header declares a payload larger than allowed.</exception>
    public bool TryRead(out IvtpPacket packet)
    {
        packet = default;
        var available = _buffer.AsSpan(_start, _end - _start);
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

        var payload = _buffer.AsMemory(_start + IvtpPacket.HeaderSize, (int)declared);
        _start += total;
        if (_start == _end)
        {
            _start = _end = 0;
        }

        packet = new IvtpPacket(command, status, payload);
        return true;
    }

    /// <summary>The payload length the buffered header declares, once a header is buffered and within bounds.</summary>
    private int? PendingPacketLength()
    {
        if (_end - _start < IvtpPacket.HeaderSize)
        {
            return null;
        }

        var declared = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_start + 2));
        return declared <= (uint)MaxPayloadLength ? (int)declared : null;
    }

    private void EnsureSpace(int incoming)
    {
        if (_buffer.Length - _end >= incoming)
        {
            return;
        }

        var pending = _end - _start;
        var needed = pending + incoming;
        if (needed <= _buffer.Length)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }
        else
        {
            // Doubling keeps the copies linear; never past the packet being received (or one maximal packet)
            // plus the bytes just received.
            var cap = (long)IvtpPacket.HeaderSize + (PendingPacketLength() ?? MaxPayloadLength) + incoming;
            var size = (int)Math.Min(Math.Max((long)_buffer.Length * 2, needed), Math.Max(cap, needed));
            var grown = new byte[size];
            _buffer.AsSpan(_start, pending).CopyTo(grown);
            _buffer = grown;
        }

        _start = 0;
        _end = pending;
    }
}
