using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Png;

namespace OvhIkvm.Tool.Tests.Support;

internal static class PngReaderFixtures
{
    public static byte[] OnePixelPng { get; } = PngEncoder.Encode(new Frame(1, 1, [10, 20, 30, 255]));
}
