using OvhIkvm.Imaging;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Kvm.Tests.Rfb.Server;
using OvhIkvm.Testing;
using static OvhIkvm.Kvm.Tests.Rfb.Server.RfbServerSide;

namespace OvhIkvm.Kvm.Tests.Rfb;

/// <summary>
/// What a hostile VNC server can make the client allocate, against a real server on loopback: every announced
/// length is bounded, memory follows the bytes actually sent, the screen is never copied, and concurrent captures
/// share one budget.
/// </summary>
[Collection(nameof(AllocationMeasured))]
public sealed class RfbMemoryTests
{
    private const int Side = 1024;

    /// <summary>Pixels plus the painted bits of the 1024x1024 screen these tests use.</summary>
    private static readonly long Framebuffer = RfbFramebuffer.BytesFor(Side, Side);

    [Fact]
    public async Task CutText_LongerThanMaxMessageLength_IsRefusedInsteadOfSkipped()
    {
        var error = await ScriptedCapture.FailsAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(2, 1, Rgbx32, ct);
            await side.SendAsync([3, 0, 0, 0, .. U32(0xFFFF_FFF0), .. new byte[4096]], ct);
            await side.DrainAsync(ct);
        });

        Assert.Contains("4294967280 bytes of clipboard (cut) text, more than the 65536 accepted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CutText_WithinMaxMessageLength_IsSkipped()
    {
        var frame = await ScriptedCapture.CaptureAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(1, 1, Rgbx32, ct);
            await side.SendAsync([3, 0, 0, 0, .. U32(65536), .. new byte[65536], .. Update(1), .. Rect(0, 0, 1, 1, 0), 1, 2, 3, 0], ct);
        });

        Assert.Equal([1, 2, 3, 255], frame.Pixels);
    }

    [Fact]
    public async Task ServerInit_LargerThanTheDefaultLimit_IsRefusedBeforeAllocation()
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await ScriptedCapture.FailsAsync(async (side, ct) =>
        {
            await side.GreetAsync("003.008", ct);
            await side.SendAsync([1, 1], ct);
            await side.ReadAsync(1, ct);
            await side.SendAsync(U32(0), ct);
            await side.InitAsync(8192, 8192, Rgbx32, ct);
            await side.DrainAsync(ct);
        });

        Assert.Contains("8192x8192 screen, outside the supported 1x1 to 4096x2160", error.Message, StringComparison.Ordinal);
        Assert.InRange(GC.GetTotalAllocatedBytes(precise: true) - before, 0, 16L << 20);
    }

    [Fact]
    public async Task TightFill_OfTheWholeScreen_HandsTheFramebufferOverWithoutACopy()
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var frame = await ScriptedCapture.CaptureAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(Side, Side, Rgbx32, ct);
            await side.SendAsync([.. Update(1), .. Rect(0, 0, Side, Side, 7), 0x80, 10, 20, 30], ct);
        });

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal([10, 20, 30, 255], frame.Pixels[^4..]);
        Assert.True(allocated < Framebuffer + (2L << 20), $"A 5-byte fill of a {Side}x{Side} screen allocated {allocated} bytes; one framebuffer is {Framebuffer}.");
    }

    public static TheoryData<string, byte[]> AnnouncedButNotSent => new()
    {
        // ZRLE announces 4 MiB (within what a 1024x1024 rectangle can need), then 1 KiB arrives.
        { "ZRLE", [.. Rect(0, 0, Side, Side, 16), .. U32(4 << 20), .. new byte[1024]] },

        // Tight JPEG announces the largest compact length (4 MiB), then 1 KiB arrives.
        { "Tight JPEG", [.. Rect(0, 0, Side, Side, 7), 0x90, 0xFF, 0xFF, 0xFF, .. new byte[1024]] },
    };

    [Theory]
    [MemberData(nameof(AnnouncedButNotSent))]
    public async Task AnnouncedLength_NotSent_IsNeverAllocated(string encoding, byte[] rectangle)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await ScriptedCapture.FailsAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(Side, Side, Rgbx32, ct);
            await side.SendAsync([.. Update(1), .. rectangle], ct);
            side.Stream.Close();
        });

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Contains("closed the connection in the middle of a message", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < Framebuffer + (2L << 20), $"{encoding}: 1 KiB of an announced 4 MiB allocated {allocated} bytes beyond the {Framebuffer}-byte framebuffer.");
    }

    [Fact]
    public async Task Zrle_AnnouncingMoreThanTheRectangleCanNeed_IsRefused()
    {
        var error = await ScriptedCapture.FailsAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(16, 16, Rgbx32, ct);
            await side.SendAsync([.. Update(1), .. Rect(0, 0, 16, 16, 16), .. U32(300 << 20)], ct);
            await side.DrainAsync(ct);
        });

        Assert.Contains("announced 314572800 bytes of ZRLE data for a 16x16 rectangle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentCaptures_BeyondTheBudget_WaitTheirTurn()
    {
        var cancellationToken = TestTimeouts.Within(TestTimeouts.Network);
        var budget = new DecodeMemoryBudget(TimeProvider.System, capacity: Framebuffer);
        var firstRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var first = ScriptedRfbServer.Start(async (side, ct) =>
        {
            await side.HandshakeAsync(Side, Side, Rgbx32, ct);
            firstRequested.SetResult();
            await releaseFirst.Task.WaitAsync(ct);
            await side.SendAsync([.. Update(1), .. Rect(0, 0, Side, Side, 7), 0x80, 1, 1, 1], ct);
            await side.DrainAsync(ct);
        });
        await using var second = ScriptedRfbServer.Start(async (side, ct) =>
        {
            await side.HandshakeAsync(Side, Side, Rgbx32, ct);
            Assert.True(releaseFirst.Task.IsCompleted, "The second capture asked for pixels while the first held the whole budget.");
            await side.SendAsync([.. Update(1), .. Rect(0, 0, Side, Side, 7), 0x80, 2, 2, 2], ct);
            await side.DrainAsync(ct);
        });

        var firstCapture = CaptureAsync(first.Address, budget, cancellationToken);
        await firstRequested.Task.WaitAsync(cancellationToken);
        var secondCapture = CaptureAsync(second.Address, budget, cancellationToken);
        await Ami.AmiTestHost.WaitUntilAsync(() => budget.Waiting == 1);
        Assert.False(secondCapture.IsCompleted);

        releaseFirst.SetResult();
        var frames = await Task.WhenAll(firstCapture, secondCapture);

        Assert.Equal([1, 1, 1, 255], frames[0].Pixels[..4]);
        Assert.Equal([2, 2, 2, 255], frames[1].Pixels[..4]);
        Assert.Equal(0, budget.Reserved);
    }

    internal static async Task<Frame> CaptureAsync(Uri address, DecodeMemoryBudget budget, CancellationToken cancellationToken, RfbOptions? options = null)
    {
        var connector = new RfbSessionConnector(options ?? ScriptedCapture.QuickOptions, new TestOutputLogger<RfbSession>(), TimeProvider.System, budget);
        await using var session = await connector.OpenAsync(new VncEndpoint(address, null), null, cancellationToken);
        return await session.CaptureFrameAsync(cancellationToken);
    }
}
