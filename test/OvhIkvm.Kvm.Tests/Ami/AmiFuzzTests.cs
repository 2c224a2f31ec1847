using System.Globalization;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Ami.Ivtp;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>
/// Seeded mutation fuzzing of what a hostile or broken BMC controls: the 86-byte video header and the IVTP byte
/// stream. Every case must end without an unexpected exception, in bounded work and with bounded allocation.
/// The case count comes from OVH_IKVM_FUZZ_CASES (2,000 by default; 100,000 on demand).
/// </summary>
public sealed class AmiFuzzTests
{
    private const int Seed = 20261121;

    /// <summary>Small limits so that "memory bounded" is a strict check: nothing may allocate past them.</summary>
    private static readonly VideoLimits Limits = new(new FrameLimits(2048, 2048), 1 << 20);
    private static readonly long MaxAllocationPerCase = 8L << 20;
    private static readonly byte[] Bitstream = TestFixtures.Read("ami", "aten-ast2100-frame4.bin")[4..];

    private static int Cases =>
        int.TryParse(Environment.GetEnvironmentVariable("OVH_IKVM_FUZZ_CASES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var cases) && cases > 0 ? cases : 2000;

    [Fact]
    public async Task Mutated_video_headers_never_escape_the_assembler()
    {
        var valid = VideoFragmentAssemblerTests.Header(1024, 768, (uint)Bitstream.Length);
        await RunCasesAsync(Seed, random =>
        {
            var header = (byte[])valid.Clone();
            MutateHeader(random, header);
            var assembler = new VideoFragmentAssembler(Limits, UnhinderedIvtp.Account());
            var frames = new List<CompressedVideoFrame?>();
            var fragmentSize = random.Next(1, 20000);
            var offset = Math.Min(fragmentSize, Bitstream.Length);
            frames.Add(assembler.Add(VideoFragmentAssemblerTests.First(header, Bitstream[..offset])));
            for (var index = 1; offset < Bitstream.Length; index++)
            {
                var take = Math.Min(fragmentSize, Bitstream.Length - offset);
                frames.Add(assembler.Add(VideoFragmentAssemblerTests.Fragment(index, Bitstream[offset..(offset + take)])));
                offset += take;
            }

            foreach (var frame in frames.OfType<CompressedVideoFrame>())
            {
                Assert.True(Limits.Frame.Allows(frame.Header.Width, frame.Header.Height));
                Assert.Equal((int)frame.Header.CompressSize, frame.Data.Length);
            }
        });
    }

    [Fact]
    public async Task Mutated_ivtp_streams_end_in_packets_or_a_protocol_error()
    {
        var stream = ValidServerStream();
        await RunCasesAsync(Seed + 1, random =>
        {
            var mutated = MutateStream(random, stream);
            var reader = new IvtpPacketReader(IvtpPacket.HeaderSize + VideoFrameHeader.StandardLength + Limits.MaxCompressedBytes, UnhinderedIvtp.Account());
            var assembler = new VideoFragmentAssembler(Limits, UnhinderedIvtp.Account());
            try
            {
                for (var offset = 0; offset < mutated.Length;)
                {
                    var chunk = Math.Min(random.Next(1, 70000), mutated.Length - offset);
                    reader.Receive(mutated.AsSpan(offset, chunk));
                    offset += chunk;
                    while (reader.TryRead(out var packet))
                    {
                        if (packet.Command == IvtpCommand.VideoPackets)
                        {
                            var frame = assembler.Add(packet.Payload);
                            Assert.True(frame is null || frame.Data.Length == frame.Header.CompressSize);
                        }
                    }
                }

                Assert.True(reader.BufferedBytes <= mutated.Length);
            }
            catch (IvtpProtocolException exception)
            {
                // The handled outcome: the session turns it into one ConsoleException.
                Assert.Contains("IVTP packet", exception.Message, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public async Task Random_viewer_pages_built_from_marker_fragments_never_throw_from_the_parsers()
    {
        await RunCasesAsync(Seed + 2, random =>
        {
            const string Alphabet = "QSESSIONID=garc\"',;: <title>noVNC/api/kvm/token";
            var text = new string([.. Enumerable.Range(0, random.Next(0, 400)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            _ = Kvm.Ami.Web.BmcCredentialParser.FindSessionId([text], new Uri("https://h/v"), text);
            _ = Kvm.Ami.Web.BmcCredentialParser.FindCsrfToken(text);
        });
    }

    private static async Task RunCasesAsync(int seed, Action<Random> runCase)
    {
        var cases = Cases;

        // The whole run is bounded: a case that loops forever fails the test instead of hanging CI.
        await Task.Run(
            () =>
            {
                for (var i = 0; i < cases; i++)
                {
                    var random = new Random(seed + i);
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    try
                    {
                        runCase(random);
                    }
                    catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
                    {
                        Assert.Fail($"Case {i} (seed {seed + i}) threw {exception.GetType().Name}: {exception.Message}");
                    }

                    var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    Assert.True(allocated < MaxAllocationPerCase, $"Case {i} (seed {seed + i}) allocated {allocated} bytes.");
                }
            },
            TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(cases > 10000 ? 60 : 5), TestContext.Current.CancellationToken);
    }

    private static void MutateHeader(Random random, byte[] header)
    {
        // Bias toward the fields the client trusts: sizes, lengths, modes and selectors.
        ReadOnlySpan<int> interesting = [2, 3, 4, 5, 6, 7, 13, 14, 15, 16, 42, 44, 45, 47, 49, 53, 55, 69, 70, 71, 72];
        var mutations = random.Next(1, 6);
        for (var m = 0; m < mutations; m++)
        {
            var offset = random.Next(3) == 0 ? random.Next(header.Length) : interesting[random.Next(interesting.Length)];
            header[offset] = random.Next(4) switch
            {
                0 => 0,
                1 => 0xFF,
                2 => (byte)(header[offset] ^ (1 << random.Next(8))),
                _ => (byte)random.Next(256),
            };
        }
    }

    private static byte[] MutateStream(Random random, byte[] stream)
    {
        var bytes = new List<byte>(stream);
        var mutations = random.Next(1, 8);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 64), bytes.Count - at));
                    break;
                case 3:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256)));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    private static byte[] ValidServerStream()
    {
        var header = VideoFragmentAssemblerTests.Header(1024, 768, (uint)Bitstream.Length);
        var packets = new List<IvtpPacket>
        {
            IvtpPacket.Empty(IvtpCommand.ConnectionAllowed, 2),
            new(IvtpCommand.ValidatedVideoSession, 0, new byte[] { 1, 0 }),
            IvtpPacket.Empty(IvtpCommand.MediaLicenseStatus, 1),
            IvtpPacket.Empty(IvtpCommand.ActiveClients),
            IvtpPacket.Empty(IvtpCommand.PowerStatus, 1),
        };
        const int FragmentSize = 8192;
        for (int offset = 0, index = 0; offset < Bitstream.Length; offset += FragmentSize, index++)
        {
            var data = Bitstream[offset..Math.Min(offset + FragmentSize, Bitstream.Length)];
            var payload = index == 0 ? VideoFragmentAssemblerTests.First(header, data) : VideoFragmentAssemblerTests.Fragment(index, data);
            packets.Add(new IvtpPacket(IvtpCommand.VideoPackets, 0, payload));
        }

        return IvtpPacket.Encode([.. packets]);
    }
}
