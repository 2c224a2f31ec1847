using System.IO.Compression;

namespace OvhIkvm.Kvm.Rfb.Encodings;

/// <summary>
/// One zlib stream that spans many rectangles: ZRLE and Tight compress a connection's rectangles as a single
/// stream, flushed (Z_SYNC_FLUSH) at the end of each, so each rectangle's bytes are fed in as they arrive and
/// inflated with the dictionary of all earlier ones.
/// </summary>
internal sealed class PersistentInflater : IDisposable
{
    private readonly FeedStream _input = new();
    private ZLibStream _zlib;

    public PersistentInflater() => _zlib = new ZLibStream(_input, CompressionMode.Decompress, leaveOpen: true);

    /// <summary>Starts a fresh stream (Tight's reset bits).</summary>
    public void Reset()
    {
        _zlib.Dispose();
        _input.Clear();
        _zlib = new ZLibStream(_input, CompressionMode.Decompress, leaveOpen: true);
    }

    /// <summary>
    /// Feeds <paramref name="compressed"/> and inflates what the stream now yields after the first
    /// <paramref name="produced"/> bytes of <paramref name="buffer"/>, growing it with the output (never beyond
    /// <paramref name="maxLength"/>: more is refused); returns the new total.
    /// </summary>
    public int InflateGrowing(ReadOnlySpan<byte> compressed, ref byte[] buffer, int produced, int maxLength, string what)
    {
        _input.Append(compressed);
        Span<byte> probe = stackalloc byte[1];
        while (true)
        {
            var room = Math.Min(buffer.Length, maxLength) - produced;
            if (room == 0)
            {
                if (buffer.Length >= maxLength)
                {
                    if (Read(probe, what) == 0)
                    {
                        return produced;
                    }

                    throw new RfbProtocolException($"The VNC server sent {what} data that decompresses to more than its rectangle can hold.");
                }

                Array.Resize(ref buffer, (int)Math.Min(maxLength, Math.Max(4096L, buffer.Length * 2L)));
                continue;
            }

            var read = Read(buffer.AsSpan(produced, room), what);
            if (read == 0)
            {
                return produced;
            }

            produced += read;
        }
    }

    public void Dispose() => _zlib.Dispose();

    private int Read(Span<byte> output, string what)
    {
        try
        {
            return _zlib.Read(output);
        }
        catch (InvalidDataException ex)
        {
            throw new RfbProtocolException($"The VNC server sent corrupt compressed {what} data.", ex);
        }
    }

    /// <summary>A read-only stream over the bytes fed so far; it reports "no data yet" as end of stream.</summary>
    private sealed class FeedStream : Stream
    {
        private byte[] _buffer = new byte[4096];
        private int _start;
        private int _end;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public void Append(ReadOnlySpan<byte> data)
        {
            if (_buffer.Length - _end < data.Length)
            {
                var pending = _end - _start;
                if (_buffer.Length < pending + data.Length)
                {
                    var larger = new byte[Math.Max(_buffer.Length * 2, pending + data.Length)];
                    _buffer.AsSpan(_start, pending).CopyTo(larger);
                    _buffer = larger;
                }
                else
                {
                    _buffer.AsSpan(_start, pending).CopyTo(_buffer);
                }

                _start = 0;
                _end = pending;
            }

            data.CopyTo(_buffer.AsSpan(_end));
            _end += data.Length;
        }

        public void Clear() => _start = _end = 0;

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(buffer.Length, _end - _start);
            _buffer.AsSpan(_start, count).CopyTo(buffer);
            _start += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
