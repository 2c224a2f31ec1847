using System.Buffers.Binary;
using System.Globalization;
using OvhIkvm.Imaging.Jpeg;
using OvhIkvm.Imaging.Tests.Support;

namespace OvhIkvm.Imaging.Tests.Jpeg;

/// <summary>
/// Seeded mutation fuzzing over real cjpeg output: whatever the bytes, the decoder returns a frame or throws
/// <see cref="ImageDecodeException"/>, within a time bound and an allocation bound. Set OVH_IKVM_FUZZ_CASES
/// (default 2000) for a longer run and OVH_IKVM_FUZZ_SEED for other mutations; a failure names the seed and
/// case so it can be replayed.
/// </summary>
public sealed class JpegDecoderFuzzTests
{
    private const int DefaultCases = 2000;
    private const int DefaultSeed = 20261121;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);

    // Generous against the 48x40 inputs: a frame near the limits would allocate hundreds of megabytes.
    private const long MaxAllocatedBytesPerCase = 64L * 1024 * 1024;

    [Fact]
    public async Task Mutated_jpegs_never_escape_the_decoders_own_exception()
    {
        var cases = ReadSetting("OVH_IKVM_FUZZ_CASES", DefaultCases);
        var seed = ReadSetting("OVH_IKVM_FUZZ_SEED", DefaultSeed);
        var seeds = JpegTestData.Names.Select(JpegTestData.Jpeg).ToArray();
        var random = new Random(seed);
        var decoded = 0;

        for (var i = 0; i < cases; i++)
        {
            var original = seeds[i % seeds.Length];
            var (mutation, input) = Mutate(original, random);
            var outcome = await Task.Run(() => DecodeOne(input), TestContext.Current.CancellationToken)
                .WaitAsync(CaseTimeout, TestContext.Current.CancellationToken);

            var where = $"seed {seed}, case {i} ({mutation} of {JpegTestData.Names[i % seeds.Length]})";
            Assert.True(outcome.Unexpected is null, $"{where}: {outcome.Unexpected}");
            Assert.True(outcome.Allocated <= MaxAllocatedBytesPerCase, $"{where}: allocated {outcome.Allocated} bytes");
            decoded += outcome.Decoded ? 1 : 0;
        }

        // Some mutations (in metadata, or in padding) leave a decodable file: the fuzzer must reach both outcomes.
        Assert.InRange(decoded, 1, cases - 1);
    }

    private static int ReadSetting(string variable, int fallback)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        return int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }

    private static Outcome DecodeOne(byte[] input)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var frame = JpegDecoder.Decode(input, FrameLimits.Default);
            Assert.Equal(frame.Width * frame.Height * 4, frame.Pixels.Length);
            return new Outcome(true, null, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        catch (ImageDecodeException)
        {
            return new Outcome(false, null, GC.GetAllocatedBytesForCurrentThread() - before);
        }
#pragma warning disable CA1031 // the point of the fuzzer is to catch every other exception and report it
        catch (Exception unexpected)
#pragma warning restore CA1031
        {
            return new Outcome(false, unexpected.ToString(), GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    private static (string Mutation, byte[] Input) Mutate(byte[] original, Random random)
    {
        var data = (byte[])original.Clone();
        switch (random.Next(8))
        {
            case 0:
                for (var flips = random.Next(1, 9); flips > 0; flips--)
                {
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                }

                return ("bit flips", data);
            case 1:
                return ("truncation", data[..random.Next(data.Length)]);
            case 2:
                var at = random.Next(2, data.Length);
                byte[] marker = [0xFF, (byte)random.Next(0xC0, 0x100), (byte)random.Next(3), (byte)random.Next(256)];
                return ("inserted marker", [.. data[..at], .. marker, .. data[at..]]);
            case 3:
                var sof = IndexOfFrameHeader(data);
                if (sof > 0)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(sof + 5), (ushort)random.Next(1, 65536));
                    BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(sof + 7), (ushort)random.Next(1, 65536));
                }

                return ("huge dimensions", data);
            case 4:
                for (var bytes = random.Next(1, 5); bytes > 0; bytes--)
                {
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                }

                return ("random bytes", data);
            case 5:
                // Segment lengths sit right after markers; corrupting them derails the whole parse.
                var segment = IndexOfFrameHeader(data);
                var lengthAt = random.Next(2) == 0 && segment > 0 ? segment + 2 : random.Next(2, data.Length - 1);
                BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(lengthAt), (ushort)random.Next(65536));
                return ("length field", data);
            case 6:
                var start = random.Next(data.Length);
                var length = random.Next(1, Math.Min(64, data.Length - start) + 1);
                data.AsSpan(start, length).Fill(random.Next(2) == 0 ? (byte)0x00 : (byte)0xFF);
                return ("filled run", data);
            default:
                var from = random.Next(data.Length);
                var count = random.Next(1, Math.Min(256, data.Length - from) + 1);
                var to = random.Next(data.Length);
                return ("duplicated run", [.. data[..to], .. data.AsSpan(from, count), .. data[to..]]);
        }
    }

    private static int IndexOfFrameHeader(byte[] data)
    {
        for (var i = 2; i + 9 < data.Length; i++)
        {
            if (data[i] == 0xFF && data[i + 1] is 0xC0 or 0xC1)
            {
                return i;
            }
        }

        return -1;
    }

    private sealed record Outcome(bool Decoded, string? Unexpected, long Allocated);
}
