using System.Buffers.Binary;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Ami.Video;

namespace OvhIkvm.Kvm.Tests.Ami;

public sealed class VideoFragmentAssemblerTests
{
    private static readonly VideoLimits Limits = VideoLimits.Default;

    [Fact]
    public void Header_fields_are_read_at_their_documented_offsets()
    {
        var header = VideoFrameHeader.TryParse(Header(800, 600, compressSize: 1234, mode420: false, selector: 9, advance: 6, mapping: 1), Limits, out var error);

        Assert.Null(error);
        Assert.Equal(
            new VideoFrameHeader(86, 800, 600, 3, 9, true, 6, 7500, false, false, 1234),
            header);
    }

    [Fact]
    public void Reference_mock_packet_parses_to_an_8_byte_frame()
    {
        // Appendix A of the reference notes: 320x240, 4:4:4, selector 4, CompressSize 8, data = end-of-frame at once.
        var payload = new byte[96];
        Header(320, 240, compressSize: 8, mode420: false, selector: 4).CopyTo(payload, 2);
        Convert.FromHexString("0000009000000000").CopyTo(payload, 88);

        var frame = new VideoFragmentAssembler(Limits, UnhinderedIvtp.Account()).Add(payload);

        Assert.NotNull(frame);
        Assert.Equal("0000009000000000", Convert.ToHexString(frame.Data.Span));
        Assert.Equal((320, 240, (byte)4), (frame.Header.Width, frame.Header.Height, frame.Header.TableSelector));
    }

    [Fact]
    public void Frame_completes_at_CompressSize_across_fragments_including_zero_padding()
    {
        var assembler = new VideoFragmentAssembler(Limits, UnhinderedIvtp.Account());
        var data = Enumerable.Range(1, 10).Select(i => (byte)i).Concat(new byte[2]).ToArray();

        Assert.Null(assembler.Add(First(Header(64, 64, compressSize: 12), data[..4])));
        Assert.Null(assembler.Add(Fragment(1, data[4..8])));
        var frame = assembler.Add(Fragment(2 | 0x8000, [.. data[8..], 0, 0, 0, 0]));

        Assert.NotNull(frame);
        Assert.Equal(Convert.ToHexString(data), Convert.ToHexString(frame.Data.Span));
        Assert.Equal(0, assembler.DroppedFrames);
    }

    [Fact]
    public void Non_zero_bytes_past_CompressSize_drop_the_frame()
    {
        var assembler = new VideoFragmentAssembler(Limits, UnhinderedIvtp.Account());

        var frame = assembler.Add(First(Header(64, 64, compressSize: 4), [1, 2, 3, 4, 5]));

        Assert.Null(frame);
        Assert.Equal(1, assembler.DroppedFrames);
        Assert.Contains("past the announced 4 bytes", assembler.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_fragment_0_restarts_the_frame()
    {
        var assembler = new VideoFragmentAssembler(Limits, UnhinderedIvtp.Account());
        assembler.Add(First(Header(64, 64, compressSize: 8), [9, 9, 9, 9]));

        Assert.Null(assembler.Add(First(Header(32, 32, compressSize: 8), [1, 2, 3, 4])));
        var frame = assembler.Add(Fragment(1, [5, 6, 7, 8]));

        Assert.NotNull(frame);
        Assert.Equal((32, "0102030405060708"), (frame.Header.Width, Convert.ToHexString(frame.Data.Span)));
        Assert.Equal(0, assembler.DroppedFrames);
    }

    [Fact]
    public void A_gap_in_fragment_numbers_drops_the_frame_and_waits_for_the_next_start()
    {
        var assembler = new VideoFragmentAssembler(Limits, UnhinderedIvtp.Account());
        assembler.Add(First(Header(64, 64, compressSize: 12), [1, 2, 3, 4]));

        Assert.Null(assembler.Add(Fragment(2, [5, 6, 7, 8])));
        Assert.Null(assembler.Add(Fragment(3, [9, 9, 9, 9])));

        Assert.Equal(1, assembler.DroppedFrames);
        Assert.Contains("fragment 2 arrived where fragment 1", assembler.LastError, StringComparison.Ordinal);
        Assert.False(assembler.InProgress);
    }

    [Fact]
    public void Fragments_without_numbers_are_accepted_as_continuations()
    {
        // A firmware that sends 0 on every fragment: only the first one carries a header.
        var assembler = new VideoFragmentAssembler(Limits, UnhinderedIvtp.Account());
        assembler.Add(First(Header(64, 64, compressSize: 8), [1, 2, 3, 4]));

        var frame = assembler.Add(Fragment(0, [5, 6, 7, 8]));

        Assert.NotNull(frame);
        Assert.Equal("0102030405060708", Convert.ToHexString(frame.Data.Span));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0x7FFF_FFF0u)]
    public void Implausible_CompressSize_is_refused_before_allocation(uint compressSize)
    {
        var assembler = new VideoFragmentAssembler(Limits, UnhinderedIvtp.Account());

        Assert.Null(assembler.Add(First(Header(1024, 768, compressSize), [1, 2, 3, 4])));

        Assert.Contains("compressed bytes for a 1024x768 screen", assembler.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(9000, 600)]
    [InlineData(800, 9000)]
    public void Screen_sizes_outside_the_limits_are_refused(int width, int height)
    {
        var assembler = new VideoFragmentAssembler(new VideoLimits(FrameLimits.Default, 1 << 20), UnhinderedIvtp.Account());

        Assert.Null(assembler.Add(First(HeaderWithSource(width, height, 16), [1, 2, 3, 4])));

        Assert.Contains("screen, outside", assembler.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_destination_size_falls_back_to_the_source_size()
    {
        var header = VideoFrameHeader.TryParse(HeaderWithSource(640, 480, 16), Limits, out _);

        Assert.Equal((640, 480), (header!.Width, header.Height));
    }

    [Fact]
    public void Truncated_or_foreign_headers_are_refused()
    {
        Assert.Null(VideoFrameHeader.TryParse(new byte[85], Limits, out var truncated));
        Assert.Contains("truncated", truncated, StringComparison.Ordinal);

        var foreign = Header(64, 64, 4);
        foreign[2] = 90;
        Assert.Null(VideoFrameHeader.TryParse(foreign, Limits, out var length));
        Assert.Contains("length of 90", length, StringComparison.Ordinal);
    }

    internal static byte[] Header(int width, int height, uint compressSize, bool mode420 = true, byte selector = 5, byte advance = 7, byte mapping = 0)
    {
        var header = HeaderWithSource(width, height, compressSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(13), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(15), (ushort)height);
        header[42] = mode420 ? (byte)0 : (byte)3;
        header[44] = selector;
        header[45] = mapping;
        header[47] = advance;
        var block = mode420 ? 16 : 8;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(49), (uint)(((width + block - 1) / block) * ((height + block - 1) / block)));
        header[55] = mode420 ? (byte)1 : (byte)0;
        return header;
    }

    private static byte[] HeaderWithSource(int width, int height, uint compressSize)
    {
        var header = new byte[86];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 86);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)height);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(69), compressSize);
        return header;
    }

    internal static byte[] First(byte[] header, byte[] data) => [0, 0, .. header, .. data];

    internal static byte[] Fragment(int number, byte[] data) => [(byte)number, (byte)(number >> 8), .. data];
}
