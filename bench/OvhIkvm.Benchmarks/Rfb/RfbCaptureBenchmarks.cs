using System.Buffers.Binary;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Benchmarks.Rfb;

/// <summary>
/// One full 1024x768 capture decoded from memory (handshake, update, every rectangle), per encoding: the client's
/// cost without the network. The screen is a gradient with text-like stripes, so ZRLE and Tight tiles are raw or
/// compressed rather than trivially solid.
/// </summary>
[MemoryDiagnoser]
public class RfbCaptureBenchmarks
{
    private const int Width = 1024;
    private const int Height = 768;
    private byte[] _stream = [];

    [Params(RfbEncoding.Raw, RfbEncoding.Zrle, RfbEncoding.Tight)]
    public RfbEncoding Encoding { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var screen = new byte[Width * Height * 3];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var i = ((y * Width) + x) * 3;
                var stripe = (y / 12 % 2 == 0) && (x / 7 % 3 == 0);
                screen[i] = stripe ? (byte)255 : (byte)(x / 4);
                screen[i + 1] = stripe ? (byte)255 : (byte)(y / 3);
                screen[i + 2] = (byte)((x + y) / 8);
            }
        }

        using var output = new MemoryStream();
        output.Write("RFB 003.008\n"u8);
        output.Write([1, 1, 0, 0, 0, 0]);
        Span<byte> init = stackalloc byte[24];
        BinaryPrimitives.WriteUInt16BigEndian(init, Width);
        BinaryPrimitives.WriteUInt16BigEndian(init[2..], Height);
        byte[] format = [32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 0, 8, 16, 0, 0, 0];
        format.CopyTo(init[4..]);
        output.Write(init);
        if (Encoding == RfbEncoding.Tight)
        {
            WriteTight(output, screen);
        }
        else
        {
            output.Write([0, 0, 0, 1]);
            output.Write(RectangleHeader(0, Height, Encoding));
            if (Encoding == RfbEncoding.Raw)
            {
                for (var i = 0; i < screen.Length; i += 3)
                {
                    output.Write([screen[i], screen[i + 1], screen[i + 2], 0]);
                }
            }
            else
            {
                WriteZrle(output, screen);
            }
        }

        _stream = output.ToArray();
    }

    [Benchmark]
    public async Task<Frame> Capture()
    {
        var options = new RfbOptions();
        await using var stream = new ReplayStream(_stream);
        var reader = new RfbReader(stream);
        var init = await new RfbHandshake(stream, reader, options, "bench").PerformAsync(null, CancellationToken.None);
        await using var session = new RfbSession(stream, reader, init, options, "bench", NullLogger<RfbSession>.Instance, TimeProvider.System, new DecodeMemoryBudget(TimeProvider.System));
        return await session.CaptureFrameAsync(CancellationToken.None);
    }

    /// <summary>ZRLE with raw CPIXEL tiles: the zlib stream does the compressing.</summary>
    private static void WriteZrle(MemoryStream output, byte[] screen)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var ty = 0; ty < Height; ty += 64)
            {
                for (var tx = 0; tx < Width; tx += 64)
                {
                    zlib.WriteByte(0);
                    for (var y = ty; y < Math.Min(ty + 64, Height); y++)
                    {
                        zlib.Write(screen, ((y * Width) + tx) * 3, Math.Min(64, Width - tx) * 3);
                    }
                }
            }

            zlib.Flush();
        }

        var data = compressed.ToArray();
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        output.Write(length);
        output.Write(data);
    }

    /// <summary>Tight rectangles of 16 rows, copy filter, all on zlib stream 0.</summary>
    private static void WriteTight(MemoryStream output, byte[] screen)
    {
        const int RowsPerRect = 16;
        var rects = Height / RowsPerRect;
        output.Write([0, 0, (byte)(rects >> 8), (byte)rects]);
        using var compressed = new MemoryStream();
        using var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true);
        for (var r = 0; r < rects; r++)
        {
            output.Write(RectangleHeader(r * RowsPerRect, RowsPerRect, RfbEncoding.Tight));
            output.WriteByte(0);
            var start = compressed.Length;
            zlib.Write(screen, r * RowsPerRect * Width * 3, RowsPerRect * Width * 3);
            zlib.Flush();
            var chunk = compressed.ToArray()[(int)start..];
            var length = chunk.Length;
            output.WriteByte((byte)((length & 0x7F) | 0x80));
            output.WriteByte((byte)(((length >> 7) & 0x7F) | 0x80));
            output.WriteByte((byte)(length >> 14));
            output.Write(chunk);
        }
    }

    private static byte[] RectangleHeader(int y, int height, RfbEncoding encoding)
    {
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)y);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), Width);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)height);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), (int)encoding);
        return header;
    }

    private sealed class ReplayStream(byte[] serverBytes) : MemoryStream(serverBytes, writable: false)
    {
        public override bool CanWrite => true;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
        }
    }
}
