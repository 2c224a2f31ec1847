using System.Text;
using OvhIkvm.Imaging;

namespace OvhIkvm.Kvm.Tests.Rfb.Peers;

/// <summary>Reads a binary PPM (P6, maxval 255): what QEMU's <c>screendump</c> writes.</summary>
internal static class PpmImage
{
    public static Frame Parse(byte[] ppm)
    {
        var position = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)ppm[position]) || ppm[position] == '#')
            {
                if (ppm[position] == '#')
                {
                    while (ppm[position] != '\n')
                    {
                        position++;
                    }
                }

                position++;
            }

            var start = position;
            while (!char.IsWhiteSpace((char)ppm[position]))
            {
                position++;
            }

            return Encoding.ASCII.GetString(ppm, start, position - start);
        }

        Assert.Equal("P6", Token());
        var width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("255", Token());
        position++; // the single whitespace byte before the raster
        var pixels = new byte[width * height * 4];
        for (var i = 0; i < width * height; i++)
        {
            pixels[(i * 4) + 0] = ppm[position + (i * 3)];
            pixels[(i * 4) + 1] = ppm[position + (i * 3) + 1];
            pixels[(i * 4) + 2] = ppm[position + (i * 3) + 2];
            pixels[(i * 4) + 3] = 255;
        }

        return new Frame(width, height, pixels);
    }
}
