using System.Buffers.Binary;
using System.IO.Compression;
using OvhIkvm.Imaging.Png;

namespace OvhIkvm.Imaging.Tests.Support;

/// <summary>
/// A deliberately naive PNG reader for the SDK-only tests: checks every CRC, inflates, unfilters, expands to
/// RGBA. The External tests use Pillow and pngcheck as the independent judges; this one lets a plain
/// <c>dotnet test</c> still catch a broken filter or chunk.
/// </summary>
internal static class PngTestReader
{
    public sealed record Decoded(Frame Frame, PngColorType ColorType, int BitDepth, IReadOnlyList<string> Chunks, IReadOnlyList<int> IdatSizes);

    public static Decoded Read(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = new List<string>();
        var idatSizes = new List<int>();
        var idat = new MemoryStream();
        byte[] palette = [];
        int width = 0, height = 0, depth = 0;
        var colorType = PngColorType.Rgba;
        for (var p = 8; p < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(p));
            var type = System.Text.Encoding.ASCII.GetString(png, p + 4, 4);
            var data = png.AsSpan(p + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(p + 8 + length));
            Assert.Equal(Crc32(png.AsSpan(p + 4, 4 + length)), crc);
            chunks.Add(type);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    depth = data[8];
                    colorType = (PngColorType)data[9];
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    idatSizes.Add(length);
                    break;
            }

            p += 12 + length;
        }

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var channels = colorType switch { PngColorType.Rgba => 4, PngColorType.Rgb => 3, _ => 1 };
        var rowBytes = ((width * channels * depth) + 7) / 8;
        var stride = Math.Max(1, channels * depth / 8);
        var bytes = raw.ToArray();
        Assert.Equal(height * (rowBytes + 1), bytes.Length);
        var previous = new byte[rowBytes];
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            var filter = bytes[y * (rowBytes + 1)];
            var row = bytes.AsSpan((y * (rowBytes + 1)) + 1, rowBytes);
            for (var x = 0; x < rowBytes; x++)
            {
                int a = x >= stride ? row[x - stride] : 0, b = previous[x], c = x >= stride ? previous[x - stride] : 0;
                var pa = Math.Abs(b - c);
                var pb = Math.Abs(a - c);
                var pc = Math.Abs(a + b - (2 * c));
                var predicted = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => pa <= pb && pa <= pc ? a : pb <= pc ? b : c,
                    _ => throw new InvalidDataException($"filter {filter}"),
                };
                row[x] = (byte)(row[x] + predicted);
            }

            for (var x = 0; x < width; x++)
            {
                var o = ((y * width) + x) * 4;
                switch (colorType)
                {
                    case PngColorType.Rgba:
                        row.Slice(x * 4, 4).CopyTo(pixels.AsSpan(o));
                        break;
                    case PngColorType.Rgb:
                        row.Slice(x * 3, 3).CopyTo(pixels.AsSpan(o));
                        pixels[o + 3] = 255;
                        break;
                    case PngColorType.Greyscale:
                        pixels[o] = pixels[o + 1] = pixels[o + 2] = row[x];
                        pixels[o + 3] = 255;
                        break;
                    default:
                        var perByte = 8 / depth;
                        var index = (row[x / perByte] >> (8 - (depth * ((x % perByte) + 1)))) & ((1 << depth) - 1);
                        palette.AsSpan(index * 3, 3).CopyTo(pixels.AsSpan(o));
                        pixels[o + 3] = 255;
                        break;
                }
            }

            row.CopyTo(previous);
        }

        return new Decoded(new Frame(width, height, pixels), colorType, depth, chunks, idatSizes);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
