using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>
/// Turns the server's pixels (any RFC 6143 format, or colour-map indices) into opaque RGBA32, packed in a
/// <see cref="uint"/> so that its little-endian bytes are R, G, B, A. Channel scaling goes through lookup tables
/// built once per pixel format, so odd maxima (5-6-5, 3-3-2, 10-bit) cost the same as 8-bit channels.
/// </summary>
internal sealed class RfbPixelConverter
{
    private const uint OpaqueAlpha = 0xFF00_0000;
    private readonly byte[] _red;
    private readonly byte[] _green;
    private readonly byte[] _blue;

    // Colour-map entries set by the server (SetColourMapEntries); unset entries stay black.
    private readonly uint[]? _colourMap;

    public RfbPixelConverter(RfbPixelFormat format)
    {
        Format = format;
        _red = ScaleTable(format.RedMax);
        _green = ScaleTable(format.GreenMax);
        _blue = ScaleTable(format.BlueMax);
        if (!format.TrueColour)
        {
            _colourMap = new uint[1 << Math.Min((int)format.BitsPerPixel, 16)];
            _colourMap.AsSpan().Fill(OpaqueAlpha);
        }

        IsRgbxLittleEndian = BitConverter.IsLittleEndian && format is { TrueColour: true, BitsPerPixel: 32, BigEndian: false, RedMax: 255, GreenMax: 255, BlueMax: 255, RedShift: 0, GreenShift: 8, BlueShift: 16 };
    }

    public RfbPixelFormat Format { get; }

    public int BytesPerPixel => Format.BytesPerPixel;

    /// <summary>True when wire pixels already are R, G, B, x bytes: conversion is a copy that sets alpha.</summary>
    public bool IsRgbxLittleEndian { get; }

    /// <summary>Applies SetColourMapEntries; colours arrive as 16-bit R, G, B.</summary>
    public void SetColourMapEntry(int index, ushort red, ushort green, ushort blue)
    {
        if (_colourMap is null || (uint)index >= (uint)_colourMap.Length)
        {
            return;
        }

        _colourMap[index] = OpaqueAlpha | (uint)(blue >> 8) << 16 | (uint)(green >> 8) << 8 | (uint)(red >> 8);
    }

    /// <summary>Reads one raw pixel value in the server's byte order.</summary>
    public uint ReadValue(ReadOnlySpan<byte> wire) => Format.BitsPerPixel switch
    {
        8 => wire[0],
        16 => Format.BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(wire) : BinaryPrimitives.ReadUInt16LittleEndian(wire),
        _ => Format.BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(wire) : BinaryPrimitives.ReadUInt32LittleEndian(wire),
    };

    /// <summary>Converts a raw pixel value to RGBA.</summary>
    public uint ToRgba(uint value)
    {
        if (_colourMap is not null)
        {
            return value < (uint)_colourMap.Length ? _colourMap[value] : OpaqueAlpha;
        }

        return OpaqueAlpha
            | (uint)_blue[(value >> Format.BlueShift) & Format.BlueMax] << 16
            | (uint)_green[(value >> Format.GreenShift) & Format.GreenMax] << 8
            | _red[(value >> Format.RedShift) & Format.RedMax];
    }

    /// <summary>Converts one wire pixel.</summary>
    public uint ToRgba(ReadOnlySpan<byte> wire) => ToRgba(ReadValue(wire));

    /// <summary>Converts a run of wire pixels into RGBA pixels.</summary>
    public void ToRgba(ReadOnlySpan<byte> wire, Span<uint> rgba)
    {
        var bpp = BytesPerPixel;
        if (IsRgbxLittleEndian)
        {
            var source = MemoryMarshal.Cast<byte, uint>(wire[..(rgba.Length * 4)]);
            for (var i = 0; i < rgba.Length; i++)
            {
                rgba[i] = source[i] | OpaqueAlpha;
            }

            return;
        }

        for (var i = 0; i < rgba.Length; i++)
        {
            rgba[i] = ToRgba(wire.Slice(i * bpp, bpp));
        }
    }

    /// <summary>Converts an R, G, B triple whose channels use this format's maxima (Tight's gradient filter works in these units).</summary>
    public uint FromChannels(int red, int green, int blue) =>
        OpaqueAlpha | (uint)_blue[blue] << 16 | (uint)_green[green] << 8 | _red[red];

    private static byte[] ScaleTable(ushort max)
    {
        var table = new byte[max + 1];
        for (var v = 0; v <= max; v++)
        {
            table[v] = (byte)(((v * 255) + (max / 2)) / Math.Max((int)max, 1));
        }

        return table;
    }
}
