using System.Diagnostics;
using System.Globalization;
using System.Text;
using OvhIkvm.Imaging;

namespace OvhIkvm.Benchmarks.Imaging;

/// <summary>
/// Inputs for the imaging benchmarks: deterministic console screens like a BMC shows (a blue-background setup
/// utility with a grey text body), and JPEGs of them made by libjpeg-turbo's cjpeg, as a BMC or a VNC server
/// would send.
/// </summary>
internal static class ConsoleScreens
{
    /// <summary>A BIOS-setup-like screen: blue title bar, grey panel, dark text rows, a highlighted line.</summary>
    public static Frame Setup(int width, int height)
    {
        var random = new Random(42);
        (byte R, byte G, byte B) blue = (0, 0, 168), grey = (168, 168, 168), black = (0, 0, 0), white = (255, 255, 255);
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            var textRow = (y / 16 % 2 == 1) && y % 16 is > 2 and < 14;
            for (var x = 0; x < width; x++)
            {
                var colour = y < 32 || x < width / 8 || x > width * 7 / 8 ? blue : grey;
                if (textRow && colour == grey && random.Next(3) == 0)
                {
                    colour = y / 16 == 5 ? white : black;
                }

                var p = ((y * width) + x) * 4;
                pixels[p] = colour.R;
                pixels[p + 1] = colour.G;
                pixels[p + 2] = colour.B;
                pixels[p + 3] = 255;
            }
        }

        return new Frame(width, height, pixels);
    }

    /// <summary>cjpeg's encoding of <paramref name="frame"/> (for example "-quality 75 -sample 2x2").</summary>
    public static byte[] EncodeWithCjpeg(Frame frame, params string[] options)
    {
        var start = new ProcessStartInfo("cjpeg") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var option in options)
        {
            start.ArgumentList.Add(option);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cjpeg (libjpeg-turbo-progs) is required for this benchmark");
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P6\n{frame.Width} {frame.Height}\n255\n"));
        var stdin = process.StandardInput.BaseStream;
        stdin.Write(header);
        var rgb = new byte[frame.Width * 3];
        for (var y = 0; y < frame.Height; y++)
        {
            var row = frame.Row(y);
            for (var x = 0; x < frame.Width; x++)
            {
                row.Slice(x * 4, 3).CopyTo(rgb.AsSpan(x * 3));
            }

            stdin.Write(rgb);
        }

        stdin.Close();
        copy.GetAwaiter().GetResult();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.ToArray() : throw new InvalidOperationException($"cjpeg failed with exit code {process.ExitCode}");
    }
}
