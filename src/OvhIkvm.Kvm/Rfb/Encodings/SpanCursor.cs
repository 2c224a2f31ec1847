namespace OvhIkvm.Kvm.Rfb.Encodings;

/// <summary>Sequential reads over decompressed data; reading past the end is the server's error, never an index exception.</summary>
internal ref struct SpanCursor(ReadOnlySpan<byte> data, string what)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Remaining => _data.Length - _position;

    public byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw Truncated();
        }

        return _data[_position++];
    }

    public ReadOnlySpan<byte> Read(int count)
    {
        if (count > _data.Length - _position)
        {
            throw Truncated();
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    private readonly RfbProtocolException Truncated() =>
        new($"The VNC server sent {what} data that ends in the middle of a tile.");
}
