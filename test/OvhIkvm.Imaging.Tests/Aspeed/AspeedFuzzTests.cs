using System.Diagnostics;
using OvhIkvm.Imaging.Aspeed;
using OvhIkvm.Simulators.Aspeed;

namespace OvhIkvm.Imaging.Tests.Aspeed;

/// <summary>
/// Seeded mutation fuzzing of ASPEED bitstreams (the real capture and encoder-made streams of every mode):
/// the decoder may only throw <see cref="ImageDecodeException"/>, its work is bounded by the input, and its
/// allocations by the input and the screen. Cases: OVH_IKVM_FUZZ_CASES (default 2000; 100000 on demand).
/// </summary>
public sealed class AspeedFuzzTests
{
    private const int Seed = 0x0A57_2500;
    private static readonly TimeSpan _caseBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Mutated_bitstreams_fail_cleanly_with_bounded_work_and_memory()
    {
        var cases = FuzzCases();
        var corpus = Corpus();
        var token = TestContext.Current.CancellationToken;

        var run = Task.Run(() => RunCases(corpus, cases, token), token);

        // A hung case never returns; the overall bound turns that into a failure instead of a stuck test run.
        await run.WaitAsync(TimeSpan.FromSeconds(120) + (cases * TimeSpan.FromMilliseconds(100)), token);
        Assert.Equal(cases, await run);
    }

    private static int RunCases(List<(AspeedFrameParameters Parameters, byte[] Bitstream)> corpus, int cases, CancellationToken token)
    {
        var decoders = corpus.Select(_ => new AspeedDecoder(FrameLimits.Default)).ToArray();
        var completed = 0;
        for (var i = 0; i < cases; i++)
        {
            token.ThrowIfCancellationRequested();
            var random = new Random(Seed + i);
            var slot = i % corpus.Count;
            var (parameters, input) = Mutate(random, corpus[slot].Parameters, corpus[slot].Bitstream);
            var decoder = decoders[slot];

            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                var result = decoder.Decode(parameters, input);
                Assert.True(result.BlocksDecoded <= (input.Length * 8 / 4) + 1, $"case {i}: {result.BlocksDecoded} blocks from {input.Length} bytes");
            }
            catch (ImageDecodeException error)
            {
                Assert.False(string.IsNullOrWhiteSpace(error.Message), $"case {i}: empty message");
            }
            catch (Exception error) when (error is not Xunit.Sdk.IAssertionException)
            {
                Assert.Fail($"case {i} (seed {Seed + i}, corpus {slot}): {error.GetType().Name}: {error.Message}");
            }

            Assert.True(clock.Elapsed < _caseBound, $"case {i} ran {clock.Elapsed}");
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            var allowed = (64 * 1024) + (8L * input.Length) + (8L * parameters.Width * parameters.Height);
            Assert.True(allocated <= allowed, $"case {i}: allocated {allocated} bytes, bound {allowed}");
            completed++;
        }

        return completed;
    }

    private static (AspeedFrameParameters Parameters, byte[] Bitstream) Mutate(Random random, AspeedFrameParameters parameters, byte[] original)
    {
        var data = original.ToList();
        var mutations = 1 + random.Next(3);
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(7))
            {
                case 0:
                    for (var flips = 1 + random.Next(16); flips > 0 && data.Count > 0; flips--)
                    {
                        var bit = random.Next(data.Count * 8);
                        data[bit / 8] ^= (byte)(1 << (bit % 8));
                    }

                    break;
                case 1:
                    for (var bytes = 1 + random.Next(8); bytes > 0 && data.Count > 0; bytes--)
                    {
                        data[random.Next(data.Count)] = (byte)random.Next(256);
                    }

                    break;
                case 2:
                    var cut = random.Next(data.Count + 1);
                    data.RemoveRange(cut, data.Count - cut);
                    break;
                case 3:
                    var insert = new byte[1 + random.Next(64)];
                    random.NextBytes(insert);
                    data.InsertRange(random.Next(data.Count + 1), insert);
                    break;
                case 4 when data.Count > 0:
                    var start = random.Next(data.Count);
                    var segment = data.GetRange(start, Math.Min(data.Count - start, 1 + random.Next(256)));
                    data.InsertRange(random.Next(data.Count + 1), segment);
                    break;
                case 5 when data.Count > 0:
                    var from = random.Next(data.Count);
                    var fill = random.Next(2) == 0 ? (byte)0 : (byte)0xFF;
                    for (var j = from; j < Math.Min(data.Count, from + 1 + random.Next(128)); j++)
                    {
                        data[j] = fill;
                    }

                    break;
                default:
                    parameters = parameters with
                    {
                        Width = 1 + random.Next(parameters.Width + 64),
                        Height = 1 + random.Next(parameters.Height + 64),
                        Mode420 = random.Next(2) == 0,
                        TableSelector = random.Next(12),
                        AdvanceTableSelector = random.Next(12),
                        ChromaUsesLumaTables = random.Next(2) == 0,
                    };
                    break;
            }
        }

        return (parameters, data.ToArray());
    }

    private static List<(AspeedFrameParameters Parameters, byte[] Bitstream)> Corpus()
    {
        var console = SyntheticScreens.Console(200, 120, seed: 11);
        var picture = SyntheticScreens.Picture(120, 88);
        var vq = new AspeedEncoderOptions(TableSelector: 4);
        var passTwo = new AspeedEncoderOptions(TableSelector: 1, AdvanceTableSelector: 9, UsePassTwo: true);
        var positioned420 = new AspeedEncoderOptions(Mode420: true, TableSelector: 6, PositionEveryBlock: true);
        var advance = new AspeedEncoderOptions(TableSelector: 0, AdvanceTableSelector: 8, UseVq: false, UseAdvanceTables: true);
        return
        [
            (new AspeedFrameParameters(1024, 768, Mode420: true, TableSelector: 5), AspeedFixtureTests.AtenBitstream()),
            (vq.ToFrameParameters(200, 120), AspeedEncoder.Encode(console, vq)),
            (passTwo.ToFrameParameters(120, 88), AspeedEncoder.Encode(picture, passTwo)),
            (positioned420.ToFrameParameters(120, 88), AspeedEncoder.Encode(picture, positioned420)),
            (advance.ToFrameParameters(200, 120), AspeedEncoder.EncodeChanges(SyntheticScreens.Console(200, 120, seed: 12), console, advance)),
        ];
    }

    private static int FuzzCases() =>
        int.TryParse(Environment.GetEnvironmentVariable("OVH_IKVM_FUZZ_CASES"), out var cases) && cases > 0 ? cases : 2000;
}
