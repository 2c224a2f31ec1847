using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using OvhIkvm.Imaging;

namespace OvhIkvm.Testing;

/// <summary>
/// A deliberately simple, independent PNG reader for tests (non-interlaced; 8-bit greyscale, RGB, grey+alpha,
/// RGBA; 1/2/4/8-bit palette and greyscale). It checks chunk CRCs, so an encoder bug cannot hide behind a lenient reader.
/// </summary>
public static class PngReader
{
    public static Frame Read(ReadOnlySpan<byte> png)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.StartsWith(signature), "missing PNG signature");
        int width = 0, height = 0, colourType = -1, bitDepth = 8;
        byte[]? palette = null;
        using var idat = new MemoryStream();
        var offset = 8;
        var sawEnd = false;
        while (offset < png.Length && !sawEnd)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png[offset..]);
            var type = Encoding.ASCII.GetString(png.Slice(offset + 4, 4));
            var data = png.Slice(offset + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png[(offset + 8 + length)..]);
            Assert.Equal(Crc(png.Slice(offset + 4, length + 4)), crc);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    bitDepth = data[8];
                    colourType = data[9];
                    Assert.True(bitDepth == 8 || (bitDepth is 1 or 2 or 4 && colourType is 0 or 3), $"bit depth {bitDepth} with colour type {colourType}");
                    Assert.Equal(0, data[12]);
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
            }

            offset += length + 12;
        }

        Assert.True(sawEnd, "missing IEND");
        var channels = colourType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new InvalidDataException($"colour type {colourType}") };
        var stride = ((width * channels * bitDepth) + 7) / 8;
        var filterBytes = Math.Max(1, channels * bitDepth / 8);
        var raw = Inflate(idat.ToArray());
        Assert.Equal((stride + 1) * height, raw.Length);
        var previous = new byte[stride];
        var current = new byte[stride];
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            raw.AsSpan((y * (stride + 1)) + 1, stride).CopyTo(current);
            Unfilter(filter, current, previous, filterBytes);
            for (var x = 0; x < width; x++)
            {
                var o = ((y * width) + x) * 4;
                var s = x * channels;
                var sample = bitDepth == 8 ? current[s] : Unpack(current, x, bitDepth);
                switch (colourType)
                {
                    case 0: pixels[o] = pixels[o + 1] = pixels[o + 2] = (byte)(sample * 255 / ((1 << bitDepth) - 1)); pixels[o + 3] = 255; break;
                    case 2: pixels[o] = current[s]; pixels[o + 1] = current[s + 1]; pixels[o + 2] = current[s + 2]; pixels[o + 3] = 255; break;
                    case 3: Assert.NotNull(palette); palette.AsSpan(sample * 3, 3).CopyTo(pixels.AsSpan(o)); pixels[o + 3] = 255; break;
                    case 4: pixels[o] = pixels[o + 1] = pixels[o + 2] = current[s]; pixels[o + 3] = current[s + 1]; break;
                    default: current.AsSpan(s, 4).CopyTo(pixels.AsSpan(o)); break;
                }
            }

            (previous, current) = (current, previous);
        }

        return new Frame(width, height, pixels);
    }

    private static int Unpack(byte[] row, int x, int bitDepth)
    {
        var bit = x * bitDepth;
        return (row[bit / 8] >> (8 - bitDepth - (bit % 8))) & ((1 << bitDepth) - 1);
    }

    private static void Unfilter(byte filter, byte[] row, byte[] above, int bpp)
    {
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0, up = above[i], upLeft = i >= bpp ? above[i - bpp] : 0;
            row[i] = (byte)(row[i] + filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                4 => Paeth(left, up, upLeft),
                _ => throw new InvalidDataException($"filter {filter}"),
            });
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            c ^= b;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
        }

        return ~c;
    }
}
