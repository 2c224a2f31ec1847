using System.Buffers.Binary;

namespace OvhIkvm.Kvm.Ami.Ivtp;

/// <summary>
/// One IVTP packet: an 8-byte little-endian header (u16 type, u32 payload length at offset 2, u16 status)
/// followed by the payload.
/// </summary>
internal readonly record struct IvtpPacket(IvtpCommand Command, ushort Status, ReadOnlyMemory<byte> Payload)
{
    public const int HeaderSize = 8;

    public int EncodedLength => HeaderSize + Payload.Length;

    public static IvtpPacket Empty(IvtpCommand command, ushort status = 0) => new(command, status, ReadOnlyMemory<byte>.Empty);

    /// <summary>Writes the packet into <paramref name="destination"/> and returns the bytes written.</summary>
    public int WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)Command);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[2..], (uint)Payload.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], Status);
        Payload.Span.CopyTo(destination[HeaderSize..]);
        return EncodedLength;
    }

    /// <summary>Concatenates packets into the bytes of one WebSocket message.</summary>
    public static byte[] Encode(params ReadOnlySpan<IvtpPacket> packets)
    {
        var length = 0;
        foreach (var packet in packets)
        {
            length += packet.EncodedLength;
        }

        var message = new byte[length];
        var offset = 0;
        foreach (var packet in packets)
        {
            offset += packet.WriteTo(message.AsSpan(offset));
        }

        return message;
    }
}
