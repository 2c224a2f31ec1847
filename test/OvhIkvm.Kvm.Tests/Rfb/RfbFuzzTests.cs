using System.Globalization;
using System.IO.Compression;
using Microsoft.Extensions.Logging.Abstractions;
using OvhIkvm.Imaging;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Testing;
using static OvhIkvm.Kvm.Tests.Rfb.Server.RfbServerSide;

namespace OvhIkvm.Kvm.Tests.Rfb;

/// <summary>
/// Seeded mutations of a valid server stream (every encoding in one update): whatever the bytes, the client either
/// returns a frame or throws <see cref="ConsoleException"/>, within a bounded time and a bounded allocation, never
/// anything else. Allocation is read process-wide, so the class runs alone.
/// </summary>
[Collection(nameof(AllocationMeasured))]
public sealed class RfbFuzzTests
{
    private const int Seed = 6143;

    /// <summary>Small limits so that "memory bounded" is a strict check: a 512x512 screen is 1 MiB of pixels.</summary>
    private static readonly FrameLimits Limits = new(512, 512);

    /// <summary>The screen, ZRLE's worst case, Tight's rows, the 64 KiB read buffer, text fields, zlib state: well under this.</summary>
    private const long MaxAllocationPerCase = 8L << 20;

    private static int Cases =>
        int.TryParse(Environment.GetEnvironmentVariable("OVH_IKVM_FUZZ_CASES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var cases) ? cases : 2000;

    [Fact]
    public async Task Client_MutatedServerStreams_ReturnAFrameOrAConsoleException()
    {
        var valid = ValidServerStream();
        var options = new RfbOptions { HandshakeTimeout = TimeSpan.FromSeconds(5), CaptureTimeout = TimeSpan.FromSeconds(5), FrameLimits = Limits };
        var random = new Random(Seed);
        var frames = 0;
        for (var i = 0; i < Cases; i++)
        {
            var mutated = Mutate(valid, random);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            bounded.CancelAfter(TimeSpan.FromSeconds(10));
            var before = GC.GetTotalAllocatedBytes(precise: true);
            await using var stream = new ReplayStream(mutated);
            try
            {
                var reader = new RfbReader(stream);
                var init = await new RfbHandshake(stream, reader, options, "The fuzzed server").PerformAsync(null, bounded.Token);
                await using var session = new RfbSession(stream, reader, init, options, "fuzz", NullLogger<RfbSession>.Instance, TimeProvider.System, new DecodeMemoryBudget(TimeProvider.System));
                await session.ConfigureAsync(bounded.Token);
                _ = await session.CaptureFrameAsync(bounded.Token);
                frames++;
            }
            catch (ConsoleException)
            {
                // The expected way to reject bad input.
            }
            catch (Exception ex)
            {
                Assert.Fail($"Case {i} (seed {Seed}) threw {ex.GetType().Name}: {ex.Message}");
            }

            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.True(allocated < MaxAllocationPerCase, $"Case {i} (seed {Seed}) allocated {allocated} bytes.");
        }

        TestContext.Current.SendDiagnosticMessage($"{Cases} mutated streams, {frames} still decoded to a frame");
        Assert.True(Cases < 50 || frames > 0, "No mutation decoded: the seed stream itself may be broken.");
    }

    [Fact]
    public async Task Client_UnmutatedSeedStream_DecodesEveryEncoding()
    {
        var options = new RfbOptions();
        await using var stream = new ReplayStream(ValidServerStream());
        var cancellationToken = TestTimeouts.Within(TestTimeouts.Network);
        var reader = new RfbReader(stream);
        var init = await new RfbHandshake(stream, reader, options, "The seed server").PerformAsync(null, cancellationToken);
        await using var session = new RfbSession(stream, reader, init, options, "seed", NullLogger<RfbSession>.Instance, TimeProvider.System, new DecodeMemoryBudget(TimeProvider.System));

        var frame = await session.CaptureFrameAsync(cancellationToken);

        Assert.Equal((16, 4), (frame.Width, frame.Height));
        Assert.Equal([40, 50, 60, 255, 10, 20, 30, 255], frame.Pixels.AsSpan(16 * 4, 8).ToArray());
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = valid.ToList();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            // The 12-byte greeting is left alone half the time so mutations reach the decoders.
            var start = random.Next(2) == 0 ? 12 : 0;
            var position = random.Next(start, bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[position] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    bytes.RemoveRange(position, bytes.Count - position);
                    return [.. bytes];
                default:
                    bytes.Insert(position, (byte)random.Next(256));
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>A 3.8 server, security None, 16x4 screen, and one update with every encoding the client knows.</summary>
    private static byte[] ValidServerStream()
    {
        using var zrle = new MemoryStream();
        using (var zlib = new ZLibStream(zrle, CompressionLevel.Optimal, leaveOpen: true))
        {
            // One 4x1 tile, packed palette of 2 colours (1 bit per pixel).
            zlib.Write([2, 10, 20, 30, 40, 50, 60, 0b1010_0000]);
            zlib.Flush();
        }

        using var tight = new MemoryStream();
        using (var zlib = new ZLibStream(tight, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(Enumerable.Range(0, 12).Select(i => (byte)(i * 20)).ToArray());
            zlib.Flush();
        }

        var tightData = tight.ToArray();
        var zrleData = zrle.ToArray();
        return
        [
            .. "RFB 003.008\n"u8.ToArray(), 1, 1, .. U32(0),
            .. U16(16), .. U16(4), .. Rgbx32, .. Reason("seed"),
            .. Update(10),
            .. Rect(0, 0, 4, 1, 0), .. Enumerable.Repeat((byte)77, 16),
            .. Rect(4, 0, 4, 1, 1), .. U16(0), .. U16(0),
            .. Rect(8, 0, 8, 1, 5), 2 | 8 | 16, 1, 2, 3, 0, 1, 9, 9, 9, 0, 0x10, 0x00,
            .. Rect(0, 1, 4, 1, 16), .. U32((uint)zrleData.Length), .. zrleData,
            .. Rect(4, 1, 12, 1, 7), 0x80, 5, 6, 7,
            .. Rect(0, 2, 4, 1, 7), 0x40, 1, 1, 1, 1, 1, 2, 2, 2, 0b1001_0000,
            .. Rect(4, 2, 4, 1, 7), 0x00, (byte)tightData.Length, .. tightData,
            .. Rect(0, 0, 16, 4, -223), .. Rect(0, 3, 16, 1, 0), .. Enumerable.Repeat((byte)200, 16 * 4), .. Rect(8, 2, 8, 1, 0), .. Enumerable.Repeat((byte)100, 8 * 4),
        ];
    }

    /// <summary>Replays recorded server bytes and swallows what the client writes.</summary>
    private sealed class ReplayStream(byte[] serverBytes) : MemoryStream(serverBytes, writable: false)
    {
        public override bool CanWrite => true;

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
