using OvhIkvm.Imaging;

namespace OvhIkvm.Tool.Tests.Support;

internal static class TestFrames
{
    /// <summary>A frame whose every pixel differs, so any misplaced pixel shows.</summary>
    public static Frame Pattern(int width, int height)
    {
        var pixels = new byte[width * height * Frame.BytesPerPixel];
        for (var i = 0; i < width * height; i++)
        {
            pixels[(i * 4) + 0] = (byte)(i * 37);
            pixels[(i * 4) + 1] = (byte)(i * 91);
            pixels[(i * 4) + 2] = (byte)(255 - (i * 13));
            pixels[(i * 4) + 3] = 255;
        }

        return new Frame(width, height, pixels);
    }
}
