using System.Buffers;
using System.Buffers.Binary;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>
/// Buffered big-endian reads from the server. Small reads are served from the buffer without awaiting, so the
/// per-tile reads of Hextile and friends cost a bounds check, not a system call. A stream that ends early is a
/// <see cref="RfbProtocolException"/>, never a partial value.
/// </summary>
internal sealed class RfbReader(Stream stream, int bufferSize = 64 * 1024)
{
    private readonly byte[] _buffer = new byte[bufferSize];
    private int _start;
    private int _end;

    /// <summary>The largest block <see cref="ReadBlockAsync"/> can return without a caller-supplied buffer.</summary>
    public int MaxBlockLength => _buffer.Length;

    public async ValueTask<byte> ReadU8Async(CancellationToken cancellationToken)
    {
        if (_end == _start)
        {
            await FillAsync(1, cancellationToken).ConfigureAwait(false);
        }

        return _buffer[_start++];
    }

    public async ValueTask<ushort> ReadU16Async(CancellationToken cancellationToken)
    {
        var block = await ReadBlockAsync(2, cancellationToken).ConfigureAwait(false);
        return BinaryPrimitives.ReadUInt16BigEndian(block.Span);
    }

    public async ValueTask<uint> ReadU32Async(CancellationToken cancellationToken)
    {
        var block = await ReadBlockAsync(4, cancellationToken).ConfigureAwait(false);
        return BinaryPrimitives.ReadUInt32BigEndian(block.Span);
    }

    public async ValueTask<int> ReadS32Async(CancellationToken cancellationToken)
    {
        var block = await ReadBlockAsync(4, cancellationToken).ConfigureAwait(false);
        return BinaryPrimitives.ReadInt32BigEndian(block.Span);
    }

    /// <summary>Returns the next <paramref name="count"/> bytes; valid only until the next read.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadBlockAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length);
        if (_end - _start < count)
        {
            await FillAsync(count, cancellationToken).ConfigureAwait(false);
        }

        var block = _buffer.AsMemory(_start, count);
        _start += count;
        return block;
    }

    public async ValueTask ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var buffered = Math.Min(destination.Length, _end - _start);
        _buffer.AsMemory(_start, buffered).CopyTo(destination);
        _start += buffered;
        var rest = destination[buffered..];
        if (rest.IsEmpty)
        {
            return;
        }

        if (rest.Length < _buffer.Length / 2)
        {
            // Small tails go through the buffer so the next header is read in the same system call.
            var block = await ReadBlockAsync(rest.Length, cancellationToken).ConfigureAwait(false);
            block.CopyTo(rest);
            return;
        }

        try
        {
            await stream.ReadExactlyAsync(rest, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException ex)
        {
            throw ClosedEarly(ex);
        }
    }

    /// <summary>
    /// Hands the next <paramref name="count"/> bytes to <paramref name="consume"/> in chunks as they arrive, so that a
    /// length the server announced is never allocated before its bytes exist.
    /// </summary>
    public async ValueTask ReadChunksAsync<TState>(long count, ReadOnlySpanAction<byte, TState> consume, TState state, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var chunk = (int)Math.Min(count, _buffer.Length);
            var block = await ReadBlockAsync(chunk, cancellationToken).ConfigureAwait(false);
            consume(block.Span, state);
            count -= chunk;
        }
    }

    public async ValueTask SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var chunk = (int)Math.Min(count, _buffer.Length);
            await ReadBlockAsync(chunk, cancellationToken).ConfigureAwait(false);
            count -= chunk;
        }
    }

    private async ValueTask FillAsync(int needed, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        while (_end < needed)
        {
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw ClosedEarly(null);
            }

            _end += read;
        }
    }

    private static RfbProtocolException ClosedEarly(Exception? inner) =>
        inner is null
            ? new RfbProtocolException("The VNC server closed the connection in the middle of a message.")
            : new RfbProtocolException("The VNC server closed the connection in the middle of a message.", inner);
}
