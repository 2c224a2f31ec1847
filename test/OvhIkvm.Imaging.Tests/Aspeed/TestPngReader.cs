using System.Buffers.Binary;
using System.IO.Compression;

namespace OvhIkvm.Imaging.Tests.Aspeed;

/// <summary>
/// Reads the 8-bit RGB/RGBA, non-interlaced PNGs of the shared fixtures into frames, so oracle comparisons need
/// only the SDK. Deliberately small: it rejects every other PNG flavour.
/// </summary>
internal static class TestPngReader
{
    public static Frame Read(string path)
    {
        var data = File.ReadAllBytes(path);
        var offset = 8;
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        while (offset < data.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(data, offset + 4, 4);
            var body = data.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                Assert.Equal(8, body[8]);
                Assert.Equal(0, body[12]);
                channels = body[9] switch
                {
                    2 => 3,
                    6 => 4,
                    _ => throw new NotSupportedException($"PNG colour type {body[9]}"),
                };
            }
            else if (type == "IDAT")
            {
                idat.Write(body);
            }

            offset += 12 + length;
        }

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        zlib.ReadExactly(raw);

        var pixels = new byte[width * height * Frame.BytesPerPixel];
        var previous = new byte[stride];
        var current = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            raw.AsSpan((y * (stride + 1)) + 1, stride).CopyTo(current);
            Unfilter(filter, current, previous, channels);
            for (var x = 0; x < width; x++)
            {
                var target = ((y * width) + x) * Frame.BytesPerPixel;
                current.AsSpan(x * channels, 3).CopyTo(pixels.AsSpan(target, 3));
                pixels[target + 3] = 255;
            }

            (previous, current) = (current, previous);
        }

        return new Frame(width, height, pixels);
    }

    private static void Unfilter(byte filter, Span<byte> line, ReadOnlySpan<byte> above, int bpp)
    {
        for (var i = 0; i < line.Length; i++)
        {
            int left = i >= bpp ? line[i - bpp] : 0;
            int up = above[i];
            int upLeft = i >= bpp ? above[i - bpp] : 0;
            line[i] += filter switch
            {
                0 => 0,
                1 => (byte)left,
                2 => (byte)up,
                3 => (byte)((left + up) / 2),
                4 => Paeth(left, up, upLeft),
                _ => throw new NotSupportedException($"PNG filter {filter}"),
            };
        }
    }

    private static byte Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }
}
