using System.Buffers.Binary;
using System.Numerics;
using OvhIkvm.Imaging;

namespace OvhIkvm.Kvm.Tests.Rfb.Peers;

/// <summary>Reads an X Window Dump (the output of <c>xwd</c>): the exact pixels of an X server's root window.</summary>
internal static class XwdImage
{
    private const int TrueColor = 4;
    private const int DirectColor = 5;

    public static Frame Parse(byte[] xwd)
    {
        // The header is 25 CARD32 fields, always most significant byte first.
        uint Field(int index) => BinaryPrimitives.ReadUInt32BigEndian(xwd.AsSpan(index * 4));
        var headerSize = (int)Field(0);
        Assert.Equal(7u, Field(1));
        Assert.Equal(2u, Field(2)); // ZPixmap
        var width = (int)Field(4);
        var height = (int)Field(5);
        var littleEndianImage = Field(7) == 0;
        var bitsPerPixel = (int)Field(11);
        var bytesPerLine = (int)Field(12);
        var visualClass = (int)Field(13);
        var masks = new[] { Field(14), Field(15), Field(16) };
        var colourCount = (int)Field(19);

        var colourMap = new Dictionary<uint, uint>();
        var colours = xwd.AsSpan(headerSize);
        for (var i = 0; i < colourCount; i++)
        {
            var entry = colours.Slice(i * 12, 12);
            var pixel = BinaryPrimitives.ReadUInt32BigEndian(entry);
            colourMap[pixel] = 0xFF00_0000u
                | (uint)(BinaryPrimitives.ReadUInt16BigEndian(entry[8..]) >> 8) << 16
                | (uint)(BinaryPrimitives.ReadUInt16BigEndian(entry[6..]) >> 8) << 8
                | (uint)(BinaryPrimitives.ReadUInt16BigEndian(entry[4..]) >> 8);
        }

        var image = colours[(colourCount * 12)..];
        var bytesPerPixel = bitsPerPixel / 8;
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var wire = image.Slice((y * bytesPerLine) + (x * bytesPerPixel), bytesPerPixel);
                uint value = bytesPerPixel switch
                {
                    1 => wire[0],
                    2 => littleEndianImage ? BinaryPrimitives.ReadUInt16LittleEndian(wire) : BinaryPrimitives.ReadUInt16BigEndian(wire),
                    4 => littleEndianImage ? BinaryPrimitives.ReadUInt32LittleEndian(wire) : BinaryPrimitives.ReadUInt32BigEndian(wire),
                    _ => throw new InvalidDataException($"xwd with {bitsPerPixel} bits per pixel"),
                };
                var target = pixels.AsSpan(((y * width) + x) * 4, 4);
                if (visualClass is TrueColor or DirectColor)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        var shift = BitOperations.TrailingZeroCount(masks[c]);
                        var max = masks[c] >> shift;
                        target[c] = (byte)(((((value & masks[c]) >> shift) * 255) + (max / 2)) / max);
                    }
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(target, colourMap[value]);
                }

                target[3] = 255;
            }
        }

        return new Frame(width, height, pixels);
    }
}
