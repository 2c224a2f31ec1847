using System.Buffers.Binary;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>The PIXEL_FORMAT structure of RFC 6143 section 7.4: how the server lays out one pixel on the wire.</summary>
internal sealed record RfbPixelFormat(
    byte BitsPerPixel,
    byte Depth,
    bool BigEndian,
    bool TrueColour,
    ushort RedMax,
    ushort GreenMax,
    ushort BlueMax,
    byte RedShift,
    byte GreenShift,
    byte BlueShift)
{
    public const int WireLength = 16;

    /// <summary>What the client asks for: 32-bit little-endian true colour, bytes R, G, B, padding.</summary>
    public static RfbPixelFormat PreferredRgbx { get; } = new(32, 24, false, true, 255, 255, 255, 0, 8, 16);

    public int BytesPerPixel => BitsPerPixel / 8;

    /// <summary>Tight sends 3-byte pixels (R, G, B) for exactly this kind of format (Tight specification, TPIXEL).</summary>
    public bool UsesTightRgb24 => TrueColour && BitsPerPixel == 32 && Depth == 24 && RedMax == 255 && GreenMax == 255 && BlueMax == 255;

    /// <summary>Parses and validates a wire pixel format; anything we could not decode is refused up front.</summary>
    public static RfbPixelFormat Parse(ReadOnlySpan<byte> wire)
    {
        var format = new RfbPixelFormat(
            wire[0],
            wire[1],
            wire[2] != 0,
            wire[3] != 0,
            BinaryPrimitives.ReadUInt16BigEndian(wire[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(wire[6..]),
            BinaryPrimitives.ReadUInt16BigEndian(wire[8..]),
            wire[10],
            wire[11],
            wire[12]);
        format.Validate();
        return format;
    }

    public void WriteTo(Span<byte> wire)
    {
        wire[..WireLength].Clear();
        wire[0] = BitsPerPixel;
        wire[1] = Depth;
        wire[2] = BigEndian ? (byte)1 : (byte)0;
        wire[3] = TrueColour ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(wire[4..], RedMax);
        BinaryPrimitives.WriteUInt16BigEndian(wire[6..], GreenMax);
        BinaryPrimitives.WriteUInt16BigEndian(wire[8..], BlueMax);
        wire[10] = RedShift;
        wire[11] = GreenShift;
        wire[12] = BlueShift;
    }

    private void Validate()
    {
        if (BitsPerPixel is not (8 or 16 or 32))
        {
            throw new RfbProtocolException($"The VNC server uses {BitsPerPixel} bits per pixel; only 8, 16 and 32 are defined by RFC 6143.");
        }

        if (TrueColour && (!ChannelFits(RedMax, RedShift) || !ChannelFits(GreenMax, GreenShift) || !ChannelFits(BlueMax, BlueShift)))
        {
            throw new RfbProtocolException("The VNC server announced a true-colour pixel format whose colour channels do not fit in its pixel size.");
        }
    }

    private bool ChannelFits(ushort max, byte shift) =>
        max != 0 && (max & (max + 1)) == 0 && shift < BitsPerPixel && ((long)max << shift) < (1L << BitsPerPixel);
}
