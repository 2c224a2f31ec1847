namespace OvhIkvm.Imaging.Png;

/// <summary>
/// The smallest lossless PNG representation of a frame, found in one pass: a palette (with 1, 2, 4 or 8-bit
/// indices) when there are at most 256 colours, else greyscale when every pixel is grey, else RGB, and RGBA only
/// when some pixel is not opaque.
/// </summary>
internal sealed class PngPixelLayout
{
    private PngPixelLayout(PngColorType colorType, int bitDepth, uint[] palette, byte[] indices)
    {
        ColorType = colorType;
        BitDepth = bitDepth;
        Palette = palette;
        Indices = indices;
    }

    public PngColorType ColorType { get; }

    public int BitDepth { get; }

    /// <summary>Palette entries as packed RGBA (R in the low byte); empty unless <see cref="ColorType"/> is Palette.</summary>
    public uint[] Palette { get; }

    /// <summary>One palette index per pixel, row-major; empty unless <see cref="ColorType"/> is Palette.</summary>
    public byte[] Indices { get; }

    /// <summary>Bytes per complete pixel, at least 1: the distance the Sub, Average and Paeth filters look back.</summary>
    public int FilterStride => ColorType switch
    {
        PngColorType.Rgba => 4,
        PngColorType.Rgb => 3,
        _ => 1,
    };

    public int RowBytes(int width) => (int)((((long)width * BitDepth * ColorType switch
    {
        PngColorType.Rgba => 4,
        PngColorType.Rgb => 3,
        _ => 1,
    }) + 7) / 8);

    public static PngPixelLayout Rgba { get; } = new(PngColorType.Rgba, 8, [], []);

    public static PngPixelLayout Analyse(Frame frame)
    {
        var pixels = frame.Pixels;
        var grey = true;
        var opaque = true;
        var palette = new PaletteBuilder();
        var indices = new byte[frame.Width * frame.Height];
        var paletteFits = true;
        var lastColour = 0u;
        byte lastIndex = 0;

        for (int p = 0, i = 0; p < pixels.Length; p += Frame.BytesPerPixel, i++)
        {
            var colour = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(pixels.AsSpan(p));
            // Screens are runs of one colour: most pixels repeat the previous one and skip the lookup.
            if (colour == lastColour && i > 0)
            {
                indices[i] = lastIndex;
                continue;
            }

            var r = (byte)colour;
            var g = (byte)(colour >> 8);
            var b = (byte)(colour >> 16);
            grey &= r == g && g == b;
            opaque &= colour >> 24 == byte.MaxValue;
            if (paletteFits)
            {
                var index = palette.IndexOf(colour);
                if (index < 0)
                {
                    paletteFits = false;
                    if (!grey && !opaque)
                    {
                        break; // nothing left to learn: it will be RGBA
                    }
                }
                else
                {
                    lastIndex = (byte)index;
                    indices[i] = lastIndex;
                }
            }

            lastColour = colour;
        }

        if (paletteFits && opaque)
        {
            var count = palette.Count;
            var depth = count <= 2 ? 1 : count <= 4 ? 2 : count <= 16 ? 4 : 8;

            // An 8-bit grey image filters better than the same image as 8-bit palette indices.
            if (!(grey && depth == 8))
            {
                return new PngPixelLayout(PngColorType.Palette, depth, palette.ToArray(), indices);
            }
        }

        if (!opaque)
        {
            return Rgba;
        }

        return new PngPixelLayout(grey ? PngColorType.Greyscale : PngColorType.Rgb, 8, [], []);
    }

    /// <summary>Writes row <paramref name="y"/> of <paramref name="frame"/> in this layout (no filter byte).</summary>
    public void WriteRow(Frame frame, int y, Span<byte> target)
    {
        var source = frame.Row(y);
        switch (ColorType)
        {
            case PngColorType.Rgba:
                source.CopyTo(target);
                break;
            case PngColorType.Rgb:
                for (int s = 0, t = 0; s < source.Length; s += 4, t += 3)
                {
                    target[t] = source[s];
                    target[t + 1] = source[s + 1];
                    target[t + 2] = source[s + 2];
                }

                break;
            case PngColorType.Greyscale:
                for (int s = 0, t = 0; s < source.Length; s += 4, t++)
                {
                    target[t] = source[s];
                }

                break;
            default:
                PackIndices(Indices.AsSpan(y * frame.Width, frame.Width), target);
                break;
        }
    }

    private void PackIndices(ReadOnlySpan<byte> indices, Span<byte> target)
    {
        if (BitDepth == 8)
        {
            indices.CopyTo(target);
            return;
        }

        target.Clear();
        var perByte = 8 / BitDepth;
        for (var x = 0; x < indices.Length; x++)
        {
            var shift = 8 - (BitDepth * ((x % perByte) + 1));
            target[x / perByte] |= (byte)(indices[x] << shift);
        }
    }

    /// <summary>Open-addressing set of up to 256 colours; 1024 slots keep probes short.</summary>
    private sealed class PaletteBuilder
    {
        private const int Slots = 1024;
        private readonly uint[] _keys = new uint[Slots];
        private readonly short[] _values = new short[Slots];
        private readonly uint[] _entries = new uint[256];

        public PaletteBuilder() => _values.AsSpan().Fill(-1);

        public int Count { get; private set; }

        /// <summary>The colour's index, adding it if new; -1 when the palette is full.</summary>
        public int IndexOf(uint colour)
        {
            var slot = (int)((colour * 2654435761u) >> 22);
            while (_values[slot] >= 0)
            {
                if (_keys[slot] == colour)
                {
                    return _values[slot];
                }

                slot = (slot + 1) & (Slots - 1);
            }

            if (Count == 256)
            {
                return -1;
            }

            _keys[slot] = colour;
            _values[slot] = (short)Count;
            _entries[Count] = colour;
            return Count++;
        }

        public uint[] ToArray() => _entries.AsSpan(0, Count).ToArray();
    }
}
