namespace OvhIkvm.Kvm.Rfb.Encodings;

/// <summary>
/// ZRLE's CPIXEL (RFC 6143 section 7.7.6): a 32-bit true-colour pixel whose colours fit in three of its four
/// bytes travels as those three bytes. Rebuilding the four-byte pixel keeps one conversion path for every format.
/// </summary>
internal readonly struct CompressedPixels
{
    private readonly RfbPixelConverter _converter;

    // Where the dropped zero byte goes back in the 4-byte wire pixel: 3 (after the three bytes) or 0 (before).
    private readonly int _zeroByteIndex;

    public CompressedPixels(RfbPixelConverter converter)
    {
        _converter = converter;
        var format = converter.Format;
        var fitsInLowBytes = ((uint)format.RedMax << format.RedShift | (uint)format.GreenMax << format.GreenShift | (uint)format.BlueMax << format.BlueShift) <= 0x00FF_FFFF;
        var fitsInHighBytes = (((uint)format.RedMax << format.RedShift | (uint)format.GreenMax << format.GreenShift | (uint)format.BlueMax << format.BlueShift) & 0xFF) == 0;
        IsCompact = format is { TrueColour: true, BitsPerPixel: 32, Depth: <= 24 } && (fitsInLowBytes || fitsInHighBytes);
        Length = IsCompact ? 3 : converter.BytesPerPixel;

        // The least significant byte comes first in a little-endian pixel and last in a big-endian one.
        _zeroByteIndex = fitsInLowBytes != format.BigEndian ? 3 : 0;
    }

    public bool IsCompact { get; }

    public int Length { get; }

    public uint ToRgba(ReadOnlySpan<byte> wire)
    {
        if (!IsCompact)
        {
            return _converter.ToRgba(wire);
        }

        // The format this client asks for: the three bytes already are R, G, B.
        if (_converter.IsRgbxLittleEndian)
        {
            return 0xFF00_0000u | (uint)wire[2] << 16 | (uint)wire[1] << 8 | wire[0];
        }

        Span<byte> pixel = stackalloc byte[4];
        if (_zeroByteIndex == 3)
        {
            wire[..3].CopyTo(pixel);
            pixel[3] = 0;
        }
        else
        {
            pixel[0] = 0;
            wire[..3].CopyTo(pixel[1..]);
        }

        return _converter.ToRgba(pixel);
    }
}
