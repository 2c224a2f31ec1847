using System.Buffers.Binary;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>The client-to-server messages a screenshot needs (RFC 6143 section 7.5), written in one piece each.</summary>
internal static class RfbClientMessages
{
    private const byte SetPixelFormatType = 0;
    private const byte SetEncodingsType = 2;
    private const byte FramebufferUpdateRequestType = 3;

    public static ValueTask SendSetPixelFormatAsync(Stream stream, RfbPixelFormat format, CancellationToken cancellationToken)
    {
        var message = new byte[4 + RfbPixelFormat.WireLength];
        message[0] = SetPixelFormatType;
        format.WriteTo(message.AsSpan(4));
        return stream.WriteAsync(message, cancellationToken);
    }

    public static ValueTask SendSetEncodingsAsync(Stream stream, IReadOnlyList<int> encodings, CancellationToken cancellationToken)
    {
        var message = new byte[4 + (4 * encodings.Count)];
        message[0] = SetEncodingsType;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), checked((ushort)encodings.Count));
        for (var i = 0; i < encodings.Count; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4 + (4 * i)), encodings[i]);
        }

        return stream.WriteAsync(message, cancellationToken);
    }

    public static ValueTask SendFramebufferUpdateRequestAsync(
        Stream stream, bool incremental, int width, int height, CancellationToken cancellationToken)
    {
        var message = new byte[10];
        message[0] = FramebufferUpdateRequestType;
        message[1] = incremental ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(8), (ushort)height);
        return stream.WriteAsync(message, cancellationToken);
    }
}
