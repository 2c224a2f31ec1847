using System.Buffers.Binary;
using System.Diagnostics;
using OvhIkvm.Imaging.Aspeed;
using OvhIkvm.Testing;

namespace OvhIkvm.Imaging.Tests.Aspeed;

/// <summary>
/// The ASPEED Huffman tables are T.81's example tables; libjpeg (cjpeg without -optimize) writes exactly those in
/// its DHT segments, so a real encoder checks every count and symbol we typed in.
/// </summary>
public sealed class AspeedHuffmanTablesPeerTests
{
    [Fact]
    [Trait("Category", ExternalProgram.Category)]
    public async Task Tables_match_the_standard_tables_libjpeg_writes()
    {
        var cjpeg = ExternalProgram.Require("cjpeg");
        var token = TestTimeouts.Within(TestTimeouts.Network);
        var ppm = Path.Combine(Path.GetTempPath(), $"aspeed-huffman-{Guid.NewGuid():N}.ppm");
        await File.WriteAllBytesAsync(ppm, [.. "P6\n16 16\n255\n"u8, .. Enumerable.Range(0, 16 * 16 * 3).Select(i => (byte)(i * 7))], token);
        try
        {
            var jpeg = await RunAsync(cjpeg, ["-quality", "90", "-baseline", "-sample", "1x1", ppm], token);

            var tables = ReadHuffmanTables(jpeg);

            AssertSame(AspeedHuffmanTables.DcLuminance, tables[(0, 0)]);
            AssertSame(AspeedHuffmanTables.AcLuminance, tables[(1, 0)]);
            AssertSame(AspeedHuffmanTables.DcChrominance, tables[(0, 1)]);
            AssertSame(AspeedHuffmanTables.AcChrominance, tables[(1, 1)]);
        }
        finally
        {
            File.Delete(ppm);
        }
    }

    private static void AssertSame(HuffmanTableSpec expected, (byte[] Counts, byte[] Symbols) actual)
    {
        Assert.Equal(expected.CodeCountsByLength.ToArray(), actual.Counts);
        Assert.Equal(expected.Symbols.ToArray(), actual.Symbols);
    }

    /// <summary>Every DHT segment's tables, keyed by (class: 0 DC / 1 AC, destination id).</summary>
    private static Dictionary<(int Class, int Id), (byte[] Counts, byte[] Symbols)> ReadHuffmanTables(byte[] jpeg)
    {
        var tables = new Dictionary<(int, int), (byte[], byte[])>();
        var offset = 2;
        while (offset + 4 <= jpeg.Length && jpeg[offset] == 0xFF && jpeg[offset + 1] != 0xDA)
        {
            var marker = jpeg[offset + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 2));
            var segment = jpeg.AsSpan(offset + 4, length - 2);
            while (marker == 0xC4 && !segment.IsEmpty)
            {
                var counts = segment.Slice(1, 16).ToArray();
                var total = counts.Sum(c => c);
                tables[(segment[0] >> 4, segment[0] & 0xF)] = (counts, segment.Slice(17, total).ToArray());
                segment = segment[(17 + total)..];
            }

            offset += 2 + length;
        }

        return tables;
    }

    private static async Task<byte[]> RunAsync(string program, string[] arguments, CancellationToken token)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output, token);
        var errors = process.StandardError.ReadToEndAsync(token);
        await process.WaitForExitAsync(token);
        await copy;
        Assert.True(process.ExitCode == 0, $"{program} failed: {await errors}");
        return output.ToArray();
    }
}
