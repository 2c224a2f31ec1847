using System.IO.Compression;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Tests.Rfb.Server;
using static OvhIkvm.Kvm.Tests.Rfb.Server.RfbServerSide;

namespace OvhIkvm.Kvm.Tests.Rfb;

/// <summary>Encodings, pixel formats, capture semantics and hostile servers, byte-exact against the scripted server.</summary>
public sealed class RfbCaptureTests
{
    private static RfbOptions QuickOptions => ScriptedCapture.QuickOptions;

    private static Task<Frame> CaptureAsync(Func<RfbServerSide, CancellationToken, Task> script, RfbOptions? options = null) =>
        ScriptedCapture.CaptureAsync(script, options);

    private static Task<RfbProtocolException> CaptureFailsAsync(Func<RfbServerSide, CancellationToken, Task> script, RfbOptions? options = null) =>
        ScriptedCapture.FailsAsync(script, options);

    private static byte[] Rgba(params (byte R, byte G, byte B)[] pixels) => [.. pixels.SelectMany(p => new[] { p.R, p.G, p.B, (byte)255 })];

    [Fact]
    public async Task Capture_UpdateSplitInTwo_KeepsRequestingUntilEveryPixelIsPainted()
    {
        var frame = await CaptureAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(2, 1, Rgbx32, ct);
            await side.SendAsync([.. Update(1), .. Rect(0, 0, 1, 1, 0), 1, 2, 3, 0], ct);
            await side.WaitForUpdateRequestAsync(ct);
            await side.SendAsync([.. Update(1), .. Rect(1, 0, 1, 1, 0), 4, 5, 6, 0], ct);
        });

        Assert.Equal(Rgba((1, 2, 3), (4, 5, 6)), frame.Pixels);
    }

    [Fact]
    public async Task Capture_SixteenBitBigEndian565_ScalesEachChannel()
    {
        byte[] rgb565BigEndian = [16, 16, 1, 1, 0, 31, 0, 63, 0, 31, 11, 5, 0, 0, 0, 0];
        var frame = await CaptureAsync(
            async (side, ct) =>
            {
                await side.HandshakeAsync(3, 1, rgb565BigEndian, ct);
                await side.SendAsync([.. Update(1), .. Rect(0, 0, 3, 1, 0), 0xF8, 0x00, 0x07, 0xE0, 0x84, 0x10], ct);
            },
            QuickOptions with { KeepServerPixelFormat = true });

        // 0x8410 is red 16/31, green 32/63, blue 16/31.
        Assert.Equal(Rgba((255, 0, 0), (0, 255, 0), (132, 130, 132)), frame.Pixels);
    }

    [Fact]
    public async Task Capture_ColourMappedServerIgnoringSetPixelFormat_UsesItsColourMap()
    {
        byte[] colourMapped8 = [8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var frame = await CaptureAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(2, 1, colourMapped8, ct);
            await side.SendAsync([1, 0, .. U16(3), .. U16(2), 0xFF, 0xFF, 0, 0, 0x80, 0x00, 0, 0, 0, 0, 0xFF, 0xFF], ct);
            await side.SendAsync([.. Update(1), .. Rect(0, 0, 2, 1, 0), 3, 4], ct);
        });

        Assert.Equal(Rgba((255, 0, 128), (0, 0, 255)), frame.Pixels);
    }

    [Fact]
    public async Task Capture_CopyRect_CopiesFromPaintedPixels()
    {
        var frame = await CaptureAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(2, 1, Rgbx32, ct);
            await side.SendAsync([.. Update(2), .. Rect(0, 0, 1, 1, 0), 7, 8, 9, 0, .. Rect(1, 0, 1, 1, 1), .. U16(0), .. U16(0)], ct);
        });

        Assert.Equal(Rgba((7, 8, 9), (7, 8, 9)), frame.Pixels);
    }

    [Fact]
    public async Task Capture_Hextile_PaintsBackgroundAndColouredSubrects()
    {
        var frame = await CaptureAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(3, 2, Rgbx32, ct);

            // Background + AnySubrects + SubrectsColoured: one 1x1 subrect at (2,1).
            await side.SendAsync([.. Update(1), .. Rect(0, 0, 3, 2, 5), 2 | 8 | 16, 10, 10, 10, 0, 1, 50, 60, 70, 0, 0x21, 0x00], ct);
        });

        Assert.Equal(Rgba((10, 10, 10), (10, 10, 10), (10, 10, 10), (10, 10, 10), (10, 10, 10), (50, 60, 70)), frame.Pixels);
    }

    [Fact]
    public async Task Capture_Zrle_KeepsOneZlibStreamAcrossRectangles()
    {
        var frame = await CaptureAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(4, 1, Rgbx32, ct);
            using var compressed = new MemoryStream();
            await using var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true);

            // Solid tile, then a plain-RLE tile; each rectangle carries only its part of the one stream.
            byte[] Chunk(byte[] tile)
            {
                var start = compressed.Length;
                zlib.Write(tile);
                zlib.Flush();
                return compressed.ToArray()[(int)start..];
            }

            var first = Chunk([1, 11, 22, 33]);
            var second = Chunk([128, 44, 55, 66, 1]);
            await side.SendAsync([.. Update(2), .. Rect(0, 0, 2, 1, 16), .. U32((uint)first.Length), .. first, .. Rect(2, 0, 2, 1, 16), .. U32((uint)second.Length), .. second], ct);
        });

        Assert.Equal(Rgba((11, 22, 33), (11, 22, 33), (44, 55, 66), (44, 55, 66)), frame.Pixels);
    }

    [Fact]
    public async Task Capture_Tight_FillPaletteAndGradient()
    {
        var frame = await CaptureAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(4, 2, Rgbx32, ct);
            byte[] fill = [.. Rect(0, 0, 2, 1, 7), 0x80, 9, 8, 7];

            // Two-colour palette: one bit per pixel, rows padded to a byte; under 12 bytes, so not compressed.
            byte[] palette = [.. Rect(2, 0, 2, 1, 7), 0x40, 1, 1, 100, 0, 0, 0, 100, 0, 0b0100_0000];

            // Gradient over 4x1 pixels: 12 bytes, so zlib-compressed on stream 0.
            var residuals = new byte[] { 10, 20, 30, 5, 5, 5, 5, 5, 5, 251, 251, 251 };
            using var compressed = new MemoryStream();
            await using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(residuals);
                zlib.Flush();
            }

            var data = compressed.ToArray();
            byte[] gradient = [.. Rect(0, 1, 4, 1, 7), 0x40, 2, (byte)data.Length, .. data];
            await side.SendAsync([.. Update(3), .. fill, .. palette, .. gradient], ct);
        });

        Assert.Equal(
            Rgba((9, 8, 7), (9, 8, 7), (100, 0, 0), (0, 100, 0), (10, 20, 30), (15, 25, 35), (20, 30, 40), (15, 25, 35)),
            frame.Pixels);
    }

    [Fact]
    public async Task Capture_DesktopSizeAndLastRect_ResizeAndEndTheUpdate()
    {
        var frame = await CaptureAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(1, 1, Rgbx32, ct);
            await side.SendAsync([.. Update(0xFFFF), .. Rect(0, 0, 2, 1, -223), .. Rect(0, 0, 2, 1, 0), 1, 1, 1, 0, 2, 2, 2, 0, .. Rect(0, 0, 0, 0, -224)], ct);
        });

        Assert.Equal((2, 1), (frame.Width, frame.Height));
        Assert.Equal(Rgba((1, 1, 1), (2, 2, 2)), frame.Pixels);
    }

    [Fact]
    public async Task Capture_RectangleOutsideTheScreen_IsRefused()
    {
        var error = await CaptureFailsAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(4, 4, Rgbx32, ct);
            await side.SendAsync([.. Update(1), .. Rect(3, 3, 65535, 65535, 0)], ct);
            await side.ReadAsync(1, ct);
        });

        Assert.Contains("outside its 4x4 screen", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_StreamEndsInsideARectangle_SaysTheServerClosed()
    {
        var error = await CaptureFailsAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(2, 2, Rgbx32, ct);
            await side.SendAsync([.. Update(1), .. Rect(0, 0, 2, 2, 0), 1, 2, 3], ct);
        });

        Assert.Contains("closed the connection", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_UnrequestedEncoding_IsRefused()
    {
        var error = await CaptureFailsAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(2, 2, Rgbx32, ct);
            await side.SendAsync([.. Update(1), .. Rect(0, 0, 2, 2, 6)], ct);
            await side.ReadAsync(1, ct);
        });

        Assert.Contains("encoding 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_HextileSubrectOutsideItsTile_IsRefused()
    {
        var error = await CaptureFailsAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(2, 2, Rgbx32, ct);
            await side.SendAsync([.. Update(1), .. Rect(0, 0, 2, 2, 5), 2 | 8, 0, 0, 0, 0, 1, 0x11, 0x11], ct);
            await side.ReadAsync(1, ct);
        });

        Assert.Contains("outside its tile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_ZrleThatInflatesBeyondItsRectangle_IsRefused()
    {
        var error = await CaptureFailsAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(1, 1, Rgbx32, ct);
            using var compressed = new MemoryStream();
            await using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(new byte[1 << 20]);
            }

            var bomb = compressed.ToArray();
            await side.SendAsync([.. Update(1), .. Rect(0, 0, 1, 1, 16), .. U32((uint)bomb.Length), .. bomb], ct);
            await side.ReadAsync(1, ct);
        });

        Assert.Contains("decompresses to more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_TightPaletteIndexBeyondPalette_IsRefused()
    {
        var error = await CaptureFailsAsync(async (side, ct) =>
        {
            await side.HandshakeAsync(2, 1, Rgbx32, ct);

            // A three-colour palette (8-bit indices) and an index of 7.
            await side.SendAsync([.. Update(1), .. Rect(0, 0, 2, 1, 7), 0x40, 1, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 0, 7], ct);
            await side.ReadAsync(1, ct);
        });

        Assert.Contains("beyond its palette", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_ServerThatNeverUpdates_TimesOutWithAClearMessage()
    {
        var error = await CaptureFailsAsync(
            async (side, ct) =>
            {
                await side.HandshakeAsync(2, 2, Rgbx32, ct);
                await side.ReadAsync(1, ct);
            },
            QuickOptions with { CaptureTimeout = TimeSpan.FromMilliseconds(300) });

        Assert.Contains("did not send a complete screen", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnnouncedEncodings_TightWithQuality_AddsTheJpegLevelAndPseudoEncodings()
    {
        var encodings = RfbSession.AnnouncedEncodings(new RfbOptions { Encodings = [RfbEncoding.Tight, RfbEncoding.Raw], JpegQuality = 6 });

        Assert.Equal([7, 0, -26, -308, -223, -224, -239, -258], encodings);
    }

    [Fact]
    public void AnnouncedEncodings_LosslessTight_AnnouncesNoJpegLevel()
    {
        var encodings = RfbSession.AnnouncedEncodings(new RfbOptions { Encodings = [RfbEncoding.Tight], JpegQuality = null });

        Assert.DoesNotContain(encodings, e => e is >= -32 and <= -23);
    }
}
