using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using OvhIkvm.Kvm.Ami.Ivtp;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Benchmarks.Ami;

/// <summary>
/// The client's share of a capture before decoding: cutting IVTP packets out of WebSocket messages and rebuilding
/// the compressed frame from its fragments. Input: the real ATEN frame (36,476 bytes) as an AMI BMC would send it,
/// in fragments of <see cref="FragmentSize"/> bytes, arriving in 64 KiB WebSocket messages.
/// </summary>
[MemoryDiagnoser]
public class IvtpReassemblyBenchmarks
{
    private const int MessageSize = 64 * 1024;
    private readonly DecodeMemoryBudget _budget = new(TimeProvider.System);
    private byte[] _stream = [];

    [Params(4096, 16384)]
    public int FragmentSize { get; set; } = 16384;

    [GlobalSetup]
    public void Setup()
    {
        var bitstream = File.ReadAllBytes(BenchmarkFixtures.AtenCapturePath)[4..];
        var header = new byte[VideoFrameHeader.StandardLength];
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), VideoFrameHeader.StandardLength);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(13), 1024);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(15), 768);
        header[55] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(69), (uint)bitstream.Length);

        var packets = new List<IvtpPacket>();
        for (int offset = 0, index = 0; offset < bitstream.Length; offset += FragmentSize, index++)
        {
            var data = bitstream.AsSpan(offset, Math.Min(FragmentSize, bitstream.Length - offset));
            byte[] payload = index == 0 ? [0, 0, .. header, .. data] : [(byte)index, (byte)(index >> 8), .. data];
            packets.Add(new IvtpPacket(IvtpCommand.VideoPackets, 0, payload));
        }

        _stream = IvtpPacket.Encode([.. packets]);
    }

    // As in a capture: every buffer is reserved in the process-wide budget before it is allocated.
    [Benchmark]
    public async Task<int> ReassembleFrame()
    {
        var account = _budget.OpenAccount();
        using var reader = new IvtpPacketReader(64 * 1024 * 1024, account);
        using var assembler = new VideoFragmentAssembler(VideoLimits.Default, account);
        var bytes = 0;
        for (var offset = 0; offset < _stream.Length; offset += MessageSize)
        {
            var received = _stream.AsMemory(offset, Math.Min(MessageSize, _stream.Length - offset));
            await reader.MakeRoomAsync(received.Length, CancellationToken.None);
            reader.Append(received.Span);
            while (reader.TryRead(out var packet))
            {
                bytes += (await assembler.AddAsync(packet.Payload, CancellationToken.None))?.Data.Length ?? 0;
                assembler.ReleaseFrame();
            }
        }

        return bytes;
    }

    [Benchmark]
    public int BuildValidationPacket() =>
        IvtpPacket.Encode(new IvtpPacket(IvtpCommand.ValidateVideoSession, 1, ValidationPayload.Build("0123456789abcdef0123456789abcdef", "203.0.113.7"))).Length;
}
