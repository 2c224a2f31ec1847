using OvhIkvm.Kvm.Ami.Ivtp;

namespace OvhIkvm.Kvm.Tests.Ami;

public sealed class IvtpWireTests
{
    /// <summary>The 397-byte first message of the reference client (token TOKEN123, client IP 10.1.2.3), byte for byte.</summary>
    [Fact]
    public void Validation_message_matches_the_reference_bytes_exactly()
    {
        var expected = new byte[397];
        Hex("3a00000000000100").CopyTo(expected, 0x000);
        Hex("1200750100000100").CopyTo(expected, 0x008);
        "TOKEN123"u8.ToArray().CopyTo(expected, 0x011);
        "10.1.2.3"u8.ToArray().CopyTo(expected, 0x092);
        "domain/username"u8.ToArray().CopyTo(expected, 0x0d3);
        "00-00-00-00-00-00"u8.ToArray().CopyTo(expected, 0x154);
        Hex("0600000000000000").CopyTo(expected, 0x185);

        var actual = IvtpPacket.Encode(
            IvtpPacket.Empty(IvtpCommand.ConnectionComplete, status: 1),
            new IvtpPacket(IvtpCommand.ValidateVideoSession, 1, ValidationPayload.Build("TOKEN123", "10.1.2.3")),
            IvtpPacket.Empty(IvtpCommand.ResumeRedirection));

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
    }

    [Fact]
    public void Long_validation_payload_appends_the_server_ip_and_announces_438_bytes()
    {
        var packet = IvtpPacket.Encode(new IvtpPacket(IvtpCommand.ValidateVideoSession, 1, ValidationPayload.Build("T", "10.1.2.3", "10.9.9.9")));

        Assert.Equal("1200B60100000100", Convert.ToHexString(packet, 0, 8));
        Assert.Equal(8 + 438, packet.Length);
        Assert.Equal("10.9.9.9\0", System.Text.Encoding.ASCII.GetString(packet, 8 + 373, 9));
    }

    [Fact]
    public void Overlong_fields_are_truncated_so_that_a_terminating_nul_always_fits()
    {
        var payload = ValidationPayload.Build(new string('x', 500), new string('9', 100));

        Assert.Equal(373, payload.Length);
        Assert.Equal(0, payload[1 + 128]);
        Assert.Equal((byte)'x', payload[128]);
        Assert.Equal(0, payload[130 + 64]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(4096)]
    public void Reader_reassembles_packets_across_and_within_chunks(int chunkSize)
    {
        var packets = new[]
        {
            new IvtpPacket(IvtpCommand.ConnectionAllowed, 2, ReadOnlyMemory<byte>.Empty),
            new IvtpPacket(IvtpCommand.ValidatedVideoSession, 0, new byte[] { 1, 0 }),
            new IvtpPacket(IvtpCommand.VideoPackets, 0, Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray()),
            new IvtpPacket((IvtpCommand)0x1002, 7, new byte[] { 9 }),
        };
        var stream = IvtpPacket.Encode(packets);
        var reader = new IvtpPacketReader(1 << 20, UnhinderedIvtp.Account());
        var read = new List<IvtpPacket>();

        for (var offset = 0; offset < stream.Length; offset += chunkSize)
        {
            reader.Receive(stream.AsSpan(offset, Math.Min(chunkSize, stream.Length - offset)));
            while (reader.TryRead(out var packet))
            {
                // A payload is a view of the reader's buffer, valid until the next Append.
                read.Add(packet with { Payload = packet.Payload.ToArray() });
            }
        }

        Assert.Equal(packets.Select(p => (p.Command, p.Status, Convert.ToHexString(p.Payload.Span))), read.Select(p => (p.Command, p.Status, Convert.ToHexString(p.Payload.Span))));
        Assert.Equal(0, reader.BufferedBytes);
    }

    [Fact]
    public void Reader_refuses_a_declared_length_above_its_bound_before_allocating()
    {
        var reader = new IvtpPacketReader(1000, UnhinderedIvtp.Account());
        reader.Receive(Hex("1900e9030000" + "0000"));

        var error = Assert.Throws<IvtpProtocolException>(() => reader.TryRead(out _));

        Assert.Contains("1001 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_accepts_a_packet_of_exactly_the_bound()
    {
        var reader = new IvtpPacketReader(1000, UnhinderedIvtp.Account());
        reader.Receive(IvtpPacket.Encode(new IvtpPacket(IvtpCommand.VideoPackets, 0, new byte[1000])));

        Assert.True(reader.TryRead(out var packet));
        Assert.Equal(1000, packet.Payload.Length);
    }

    internal static byte[] Hex(string hex) => Convert.FromHexString(hex);
}
