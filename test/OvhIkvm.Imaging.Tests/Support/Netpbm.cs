using System.Globalization;
using System.Text;

namespace OvhIkvm.Imaging.Tests.Support;

/// <summary>Binary PPM (P6) and PGM (P5): the formats cjpeg reads and djpeg writes.</summary>
internal static class Netpbm
{
    public static byte[] Write(Frame frame, bool grey)
    {
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{(grey ? "P5" : "P6")}\n{frame.Width} {frame.Height}\n255\n"));
        var channels = grey ? 1 : 3;
        var output = new byte[header.Length + (frame.Width * frame.Height * channels)];
        header.CopyTo(output, 0);
        var o = header.Length;
        for (var p = 0; p < frame.Pixels.Length; p += 4)
        {
            for (var c = 0; c < channels; c++)
            {
                output[o++] = frame.Pixels[p + c];
            }
        }

        return output;
    }

    public static Frame Read(byte[] data)
    {
        var position = 0;
        var magic = Token(data, ref position);
        var width = int.Parse(Token(data, ref position), CultureInfo.InvariantCulture);
        var height = int.Parse(Token(data, ref position), CultureInfo.InvariantCulture);
        var max = int.Parse(Token(data, ref position), CultureInfo.InvariantCulture);
        Assert.Equal(255, max);
        position++; // the single whitespace byte after the header
        var channels = magic switch
        {
            "P5" => 1,
            "P6" => 3,
            _ => throw new InvalidDataException($"unexpected netpbm magic {magic}"),
        };
        var pixels = new byte[width * height * 4];
        for (var i = 0; i < width * height; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                pixels[(i * 4) + c] = data[position + (i * channels) + (channels == 1 ? 0 : c)];
            }

            pixels[(i * 4) + 3] = 255;
        }

        return new Frame(width, height, pixels);
    }

    private static string Token(byte[] data, ref int position)
    {
        while (char.IsWhiteSpace((char)data[position]))
        {
            position++;
        }

        var start = position;
        while (!char.IsWhiteSpace((char)data[position]))
        {
            position++;
        }

        return Encoding.ASCII.GetString(data, start, position - start);
    }
}
