using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Kvm.Tests.Rfb.Server;
using OvhIkvm.Testing;
using SkiaSharp;
using static OvhIkvm.Kvm.Tests.Rfb.Server.RfbServerSide;

namespace OvhIkvm.Kvm.Tests.Rfb;

/// <summary>
/// Tight JPEG rectangles against real VNC servers on loopback: what they cost is reserved in the decode budget before
/// the bytes are read, concurrent captures queue within it, a capture that cannot get its share says so, and a
/// JPEG is held to its rectangle.
/// </summary>
public sealed class RfbBudgetTests
{
    private const int Side = 1024;

    private static readonly long Framebuffer = RfbFramebuffer.BytesFor(Side, Side);

    private static readonly byte[] GreenScreen = Jpeg(Side, Side);

    /// <summary>What the Tight decoder reserves for <see cref="GreenScreen"/>: two copies of its bytes and twice its RGBA pixels.</summary>
    private static readonly long JpegCost = (2L * GreenScreen.Length) + (8L * Side * Side);

    [Fact]
    public async Task A_full_screen_Tight_JPEG_rectangle_is_reserved_with_the_framebuffer_and_given_back()
    {
        var budget = new DecodeMemoryBudget(TimeProvider.System);
        await using var server = ScriptedRfbServer.Start(SendsJpegScreen);

        var frame = await RfbMemoryTests.CaptureAsync(server.Address, budget, TestTimeouts.Within(TestTimeouts.Network));

        AssertGreen(frame);
        Assert.Equal(Framebuffer + JpegCost, budget.HighWater);
        Assert.Equal(0, budget.Reserved);
    }

    [Fact]
    public async Task Concurrent_full_screen_Tight_JPEG_rectangles_queue_within_the_budget_and_give_it_back()
    {
        var cancellationToken = TestTimeouts.Within(TestTimeouts.Network);

        // One capture and the framebuffer of a second fit; the third and the second's rectangle wait their turn.
        var budget = new DecodeMemoryBudget(TimeProvider.System, capacity: Framebuffer + JpegCost + Framebuffer);
        await using var first = ScriptedRfbServer.Start(SendsJpegScreen);
        await using var second = ScriptedRfbServer.Start(SendsJpegScreen);
        await using var third = ScriptedRfbServer.Start(SendsJpegScreen);

        var frames = await Task.WhenAll(
            RfbMemoryTests.CaptureAsync(first.Address, budget, cancellationToken),
            RfbMemoryTests.CaptureAsync(second.Address, budget, cancellationToken),
            RfbMemoryTests.CaptureAsync(third.Address, budget, cancellationToken));

        Assert.All(frames, AssertGreen);

        // Unqueued, three captures would hold 3 x (framebuffer + JPEG). The oldest may pass the capacity by what it holds.
        Assert.InRange(budget.HighWater, Framebuffer + JpegCost, budget.Capacity + Framebuffer + JpegCost);
        Assert.True(budget.HighWater < 3 * (Framebuffer + JpegCost), $"High-water mark {budget.HighWater}: the captures did not queue.");
        Assert.Equal(0, budget.Reserved);
    }

    [Fact]
    public async Task A_capture_whose_deadline_passes_while_waiting_for_memory_says_so()
    {
        var budget = new DecodeMemoryBudget(TimeProvider.System, capacity: Framebuffer + (1L << 20));
        var options = ScriptedCapture.QuickOptions with { CaptureTimeout = TimeSpan.FromSeconds(1) };

        // Another capture holds 1 MiB first: the framebuffer still fits, the rectangle (announcing 4 MiB of JPEG) does not.
        using (await budget.ReserveAsync(1L << 20, TestContext.Current.CancellationToken))
        {
            await using var server = ScriptedRfbServer.Start(async (side, ct) =>
            {
                await side.HandshakeAsync(Side, Side, Rgbx32, ct);
                await side.SendAsync([.. Update(1), .. Rect(0, 0, Side, Side, 7), 0x90, 0xFF, 0xFF, 0xFF], ct);
                await side.DrainAsync(ct);
            });

            var error = await Assert.ThrowsAsync<RfbProtocolException>(
                () => RfbMemoryTests.CaptureAsync(server.Address, budget, TestTimeouts.Within(TestTimeouts.Network), options));

            Assert.Equal(
                $"The {Side}x{Side} screen of {server.Address.Authority} could not be decoded within 1 s: the capture timed out waiting for decoding memory (other captures hold 1 MiB of the 5.1 MiB budget); try again when they finish.",
                error.Message);
            await Ami.AmiTestHost.WaitUntilAsync(() => budget.Waiting == 0);
            Assert.Equal(1L << 20, budget.Reserved);
        }

        await Ami.AmiTestHost.WaitUntilAsync(() => budget.Reserved == 0);
    }

    [Fact]
    public async Task A_JPEG_larger_than_its_rectangle_is_refused_before_its_pixels_are_allocated()
    {
        var error = await ScriptedCapture.FailsAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(Side, Side, Rgbx32, ct);
            await side.SendAsync([.. Update(1), .. Rect(0, 0, 16, 16, 7), 0x90, .. CompactLength(GreenScreen.Length), .. GreenScreen], ct);
            await side.DrainAsync(ct);
        });

        Assert.Contains("image dimensions 1024x1024 are outside the allowed range 1x1 to 16x16", error.Message, StringComparison.Ordinal);
    }

    private static async Task SendsJpegScreen(RfbServerSide side, CancellationToken cancellationToken)
    {
        await side.HandshakeAsync(Side, Side, Rgbx32, cancellationToken);
        await side.SendAsync([.. Update(1), .. Rect(0, 0, Side, Side, 7), 0x90, .. CompactLength(GreenScreen.Length), .. GreenScreen], cancellationToken);
        await side.DrainAsync(cancellationToken);
    }

    private static void AssertGreen(Frame frame)
    {
        Assert.Equal((Side, Side), (frame.Width, frame.Height));
        var centre = ((Side / 2 * Side) + (Side / 2)) * Frame.BytesPerPixel;
        Assert.InRange(frame.Pixels[centre], 0, 30);
        Assert.InRange(frame.Pixels[centre + 1], 180, 220);
        Assert.InRange(frame.Pixels[centre + 2], 10, 50);
    }

    private static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor(10, 200, 30));
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>Tight's compact length: 7 bits a byte, high bit set while more follow, at most 3 bytes.</summary>
    private static byte[] CompactLength(int length) => length switch
    {
        < 0x80 => [(byte)length],
        < 0x4000 => [(byte)(length | 0x80), (byte)(length >> 7)],
        _ => [(byte)(length | 0x80), (byte)((length >> 7) | 0x80), (byte)(length >> 14)],
    };
}
