namespace OvhIkvm.Imaging.Png;

/// <summary>
/// The smallest lossless PNG representation of a frame, found in one pass: a palette (with 1, 2, 4 or 8-bit
/// indices) when there are at most 256 colours, else greyscale when every pixel is grey, else RGB, and RGBA only
/// when some pixel is not opaque.
/// </summary>
internal sealed class PngPixelLayout
{
    /// <summary>
    /// For a greyscale image of at most 256 levels: the grey of each index in <see cref="Indices"/>, so its rows are
    /// written from the indices the analysis kept instead of being produced a second time. Empty otherwise.
    /// </summary>
    private readonly byte[] _greyOfIndex;

    private PngPixelLayout(PngColorType colorType, int bitDepth, uint[] palette, byte[] indices, byte[]? greyOfIndex = null)
    {
        ColorType = colorType;
        BitDepth = bitDepth;
        Palette = palette;
        Indices = indices;
        _greyOfIndex = greyOfIndex ?? [];
    }

    public PngColorType ColorType { get; }

    public int BitDepth { get; }

    /// <summary>Palette entries as packed RGBA (R in the low byte); empty unless <see cref="ColorType"/> is Palette.</summary>
    public uint[] Palette { get; }

    /// <summary>One palette index per pixel, row-major; empty unless <see cref="ColorType"/> is Palette, or Greyscale with at most 256 levels.</summary>
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

    /// <summary>
    /// Reads the rows once to choose the layout; for a palette image the indices it keeps are all the encoder needs
    /// afterwards, so the rows are never read again. It stops as soon as the answer is known to be RGB or RGBA.
    /// </summary>
    public static PngPixelLayout Analyse(IImageRows image)
    {
        var grey = true;
        var opaque = true;
        var palette = new PaletteBuilder();
        var indices = new byte[image.Width * image.Height];
        var paletteFits = true;
        var lastColour = 0u;
        byte lastIndex = 0;
        var i = 0;

        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            for (var p = 0; p < row.Length; p += Frame.BytesPerPixel, i++)
            {
                var colour = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(row[p..]);
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
                    }
                    else
                    {
                        lastIndex = (byte)index;
                        indices[i] = lastIndex;
                    }
                }

                // Nothing left to learn: colour without a palette is RGB when the rows are known to be opaque, else RGBA.
                if (!paletteFits && !grey && (!opaque || image.AlwaysOpaque))
                {
                    return opaque ? new PngPixelLayout(PngColorType.Rgb, 8, [], []) : Rgba;
                }

                lastColour = colour;
            }
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

            return new PngPixelLayout(PngColorType.Greyscale, 8, [], indices, [.. palette.ToArray().Select(colour => (byte)colour)]);
        }

        if (!opaque)
        {
            return Rgba;
        }

        return new PngPixelLayout(grey ? PngColorType.Greyscale : PngColorType.Rgb, 8, [], []);
    }

    /// <summary>Writes row <paramref name="y"/> of <paramref name="image"/> in this layout (no filter byte).</summary>
    public void WriteRow(IImageRows image, int y, Span<byte> target)
    {
        if (ColorType == PngColorType.Palette)
        {
            PackIndices(Indices.AsSpan(y * image.Width, image.Width), target);
            return;
        }

        if (_greyOfIndex.Length > 0)
        {
            var indices = Indices.AsSpan(y * image.Width, image.Width);
            for (var x = 0; x < indices.Length; x++)
            {
                target[x] = _greyOfIndex[indices[x]];
            }

            return;
        }

        var source = image.Row(y);
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
                throw new InvalidOperationException($"No row writer for PNG colour type {ColorType}.");
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
