namespace OvhIkvm.Imaging.Jpeg;

/// <summary>
/// Reads the entropy-coded segment of a scan, most significant bit first, removing the 0x00 stuffed after
/// every 0xFF data byte. At a marker or the end of the input it feeds zero bits (as libjpeg does) and counts
/// them, so the decoder can tell a stream that ran out from one that merely ended on padding.
/// </summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private ulong _bits;
    private int _count;
    private int _syntheticBits;

    public JpegBitReader(ReadOnlySpan<byte> data, int position)
    {
        _data = data;
        Position = position;
    }

    /// <summary>Offset of the next byte not yet moved into the bit buffer.</summary>
    public int Position { get; private set; }

    /// <summary>True once the decoder has consumed bits that were not in the input.</summary>
    public readonly bool ConsumedPastEnd => _syntheticBits > _count;

    public int DecodeHuffman(JpegHuffmanTable table)
    {
        if (_count < 16)
        {
            Fill();
        }

        var entry = table.Fast[(int)(_bits >> (64 - JpegHuffmanTable.FastBits))];
        if (entry != 0)
        {
            Skip(entry >> 8);
            return entry & 0xFF;
        }

        var symbol = table.DecodeSlow((int)(_bits >> 48), out var length);
        if (symbol < 0)
        {
            throw new ImageDecodeException("corrupt JPEG: invalid Huffman code in the image data");
        }

        Skip(length);
        return symbol;
    }

    /// <summary>Reads <paramref name="size"/> bits (1..16) and sign-extends them as T.81 F.2.2.1 EXTEND does.</summary>
    public int ReceiveExtend(int size)
    {
        if (_count < size)
        {
            Fill();
        }

        var value = (int)(_bits >> (64 - size));
        Skip(size);
        return value < 1 << (size - 1) ? value - (1 << size) + 1 : value;
    }

    /// <summary>
    /// Drops the bits left before a marker and returns the offset of that marker's 0xFF, skipping any stray
    /// bytes first (libjpeg tolerates them too). Returns the input length when no marker follows.
    /// </summary>
    public int SeekMarker()
    {
        _bits = 0;
        _count = 0;
        _syntheticBits = 0;
        var position = Position;
        while (position + 1 < _data.Length && !(_data[position] == 0xFF && _data[position + 1] is not 0x00 and not 0xFF))
        {
            position++;
        }

        Position = position + 1 < _data.Length ? position : _data.Length;
        return Position;
    }

    /// <summary>True when <see cref="SeekMarker"/> stopped at RSTn with n = <paramref name="index"/>.</summary>
    public readonly bool IsRestartMarker(int index) =>
        Position + 1 < _data.Length && _data[Position + 1] == JpegMarker.Restart0 + index;

    /// <summary>Continues after a restart marker that <see cref="SeekMarker"/> found.</summary>
    public void SkipMarker() => Position += 2;

    private void Skip(int count)
    {
        _bits <<= count;
        _count -= count;
    }

    private void Fill()
    {
        while (_count <= 56)
        {
            ulong next = 0;
            if (Position < _data.Length)
            {
                var b = _data[Position];
                if (b != 0xFF)
                {
                    next = b;
                    Position++;
                }
                else if (Position + 1 < _data.Length && _data[Position + 1] == 0x00)
                {
                    next = 0xFF;
                    Position += 2;
                }
                else
                {
                    // A marker (or fill bytes before one): stop here and let the scan logic deal with it.
                    _syntheticBits += 8;
                }
            }
            else
            {
                _syntheticBits += 8;
            }

            _bits |= next << (56 - _count);
            _count += 8;
        }
    }
}
