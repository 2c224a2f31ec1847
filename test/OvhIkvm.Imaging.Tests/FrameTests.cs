namespace OvhIkvm.Imaging.Tests;

public sealed class FrameTests
{
    [Fact]
    public void Constructor_buffer_of_wrong_size_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new Frame(2, 2, new byte[15]));
        Assert.Contains("16 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateBlack_is_opaque_black()
    {
        var frame = Frame.CreateBlack(3, 2, FrameLimits.Default);
        for (var i = 0; i < frame.Pixels.Length; i += 4)
        {
            Assert.Equal([0, 0, 0, 255], frame.Pixels[i..(i + 4)]);
        }
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 0)]
    [InlineData(8193, 10)]
    [InlineData(10, 8193)]
    public void CreateBlack_outside_the_limits_throws_before_allocating(int width, int height)
    {
        var error = Assert.Throws<ImageDecodeException>(() => Frame.CreateBlack(width, height, FrameLimits.Default));
        Assert.Contains($"{width}x{height}", error.Message, StringComparison.Ordinal);
    }
}
