using System.Buffers.Binary;
using OvhIkvm.Imaging.Jpeg;
using OvhIkvm.Imaging.Tests.Support;
using OvhIkvm.Testing;

namespace OvhIkvm.Imaging.Tests.Jpeg;

/// <summary>SDK-only decoder tests over the stored cjpeg files, and the clear errors for what we refuse.</summary>
public sealed class JpegDecoderTests
{
    public static TheoryData<string> Files() => [.. JpegTestData.Names];

    [Theory]
    [MemberData(nameof(Files))]
    public void Stored_files_decode_exactly_like_djpeg(string name)
    {
        var decoded = JpegDecoder.Decode(JpegTestData.Jpeg(name), FrameLimits.Default);

        var reference = JpegTestData.Reference(name);
        ImageComparison.AssertIdentical(reference, decoded);
    }

    [Fact]
    public void Metadata_segments_are_skipped()
    {
        var jpeg = JpegTestData.Jpeg("baseline-444");
        byte[] comment = [0xFF, 0xFE, 0x00, 0x07, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o'];
        byte[] exif = [0xFF, 0xE1, 0x00, 0x08, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0];
        byte[] withMetadata = [.. jpeg[..2], .. exif, .. comment, .. jpeg[2..]];

        ImageComparison.AssertIdentical(JpegDecoder.Decode(jpeg, FrameLimits.Default), JpegDecoder.Decode(withMetadata, FrameLimits.Default));
    }

    [Fact]
    public void Bytes_after_the_end_marker_are_ignored()
    {
        var jpeg = JpegTestData.Jpeg("baseline-420-restart");
        byte[] padded = [.. jpeg, 0, 0, 0, 0, 0xFF, 0xFF];

        ImageComparison.AssertIdentical(JpegDecoder.Decode(jpeg, FrameLimits.Default), JpegDecoder.Decode(padded, FrameLimits.Default));
    }

    [Fact]
    public void A_missing_end_marker_is_an_error_because_the_data_may_be_cut()
    {
        var jpeg = JpegTestData.Jpeg("baseline-420-restart");

        var error = Assert.Throws<ImageDecodeException>(() => JpegDecoder.Decode(jpeg.AsSpan(..^2), FrameLimits.Default));

        Assert.StartsWith("truncated JPEG", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0xC2, "unsupported JPEG: progressive")]
    [InlineData(0xC3, "unsupported JPEG: lossless")]
    [InlineData(0xC9, "unsupported JPEG: arithmetic-coded")]
    [InlineData(0xC5, "unsupported JPEG: hierarchical (differential)")]
    public void Unsupported_frame_types_are_named(byte marker, string message)
    {
        var jpeg = JpegTestData.Jpeg("baseline-444");
        jpeg[FindMarker(jpeg, 0xC0) + 1] = marker;

        Assert.Equal(message, Assert.Throws<ImageDecodeException>(() => JpegDecoder.Decode(jpeg, FrameLimits.Default)).Message);
    }

    [Fact]
    public void Twelve_bit_precision_is_named()
    {
        var jpeg = JpegTestData.Jpeg("baseline-444");
        jpeg[FindMarker(jpeg, 0xC0) + 4] = 12;

        Assert.Equal("unsupported JPEG: 12-bit precision", Assert.Throws<ImageDecodeException>(() => JpegDecoder.Decode(jpeg, FrameLimits.Default)).Message);
    }

    [Theory]
    [InlineData(60000, "image dimensions 60000x60000 are outside")] // above FrameLimits
    [InlineData(2000, "truncated JPEG")] // within the limits, but a 2 KB scan cannot hold 62,500 blocks
    public void Implausible_dimensions_are_refused_before_allocating(int size, string expected)
    {
        var jpeg = JpegTestData.Jpeg("baseline-444");
        var sof = FindMarker(jpeg, 0xC0);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), (ushort)size);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), (ushort)size);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageDecodeException>(() => JpegDecoder.Decode(jpeg, FrameLimits.Default));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
    }

    [Fact]
    public void A_smaller_configured_limit_is_honoured()
    {
        var error = Assert.Throws<ImageDecodeException>(() => JpegDecoder.Decode(JpegTestData.Jpeg("baseline-444"), new FrameLimits(32, 32)));
        Assert.Contains("48x40", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x51, "corrupt JPEG: sampling factors 5x1")]
    [InlineData(0x10, "corrupt JPEG: sampling factors 1x0")]
    public void Impossible_sampling_factors_are_refused_before_decoding(byte factors, string message)
    {
        var jpeg = JpegTestData.Jpeg("baseline-444");
        jpeg[FindMarker(jpeg, 0xC0) + 11] = factors;

        Assert.Equal(message, Assert.Throws<ImageDecodeException>(() => JpegDecoder.Decode(jpeg, FrameLimits.Default)).Message);
    }

    [Theory]
    [InlineData(new byte[0], "not a JPEG")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0, 0 }, "not a JPEG")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }, "corrupt JPEG: no frame header")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDB, 0xFF }, "truncated JPEG")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDB, 0x01, 0x00, 0x00 }, "truncated JPEG")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0x12, 0x34, 0x56 }, "corrupt JPEG: expected a marker")]
    public void Garbage_gets_a_clear_error(byte[] data, string start)
    {
        var error = Assert.Throws<ImageDecodeException>(() => JpegDecoder.Decode(data, FrameLimits.Default));
        Assert.StartsWith(start, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Truncated_image_data_is_an_error_not_a_grey_picture(string name)
    {
        var jpeg = JpegTestData.Jpeg(name);
        var scan = FindMarker(jpeg, 0xDA);
        var cut = jpeg[..(scan + ((jpeg.Length - scan) / 2))];

        var error = Assert.Throws<ImageDecodeException>(() => JpegDecoder.Decode(cut, FrameLimits.Default));
        Assert.StartsWith("truncated JPEG", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huffman_table_with_more_codes_than_bits_is_an_error()
    {
        // Three codes of length 1 cannot exist. Placed just before the scan, it is the table the scan uses.
        byte[] dht = [0xFF, 0xC4, 0x00, 0x16, 0x00, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3];
        var jpeg = JpegTestData.Jpeg("baseline-444");
        var scan = FindMarker(jpeg, 0xDA);
        byte[] corrupt = [.. jpeg[..scan], .. dht, .. jpeg[scan..]];

        var error = Assert.Throws<ImageDecodeException>(() => JpegDecoder.Decode(corrupt, FrameLimits.Default));
        Assert.StartsWith("corrupt JPEG", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_restart_marker_is_resynchronised_as_djpeg_does()
    {
        // libjpeg recovers from a damaged restart marker (a warning, not an error): the frame keeps its size and
        // only the damaged interval may differ.
        var jpeg = JpegTestData.Jpeg("baseline-420-restart");
        var intact = JpegDecoder.Decode(jpeg, FrameLimits.Default);
        var rst0 = FindMarker(jpeg, 0xD0, FindMarker(jpeg, 0xDA));
        jpeg[rst0 + 1] = 0xD5;

        var recovered = JpegDecoder.Decode(jpeg, FrameLimits.Default);

        Assert.Equal((intact.Width, intact.Height), (recovered.Width, recovered.Height));
    }

    private static int FindMarker(byte[] jpeg, byte marker, int from = 2)
    {
        for (var i = from; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == marker)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"marker FF {marker:X2} not found");
    }
}
