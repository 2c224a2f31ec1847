using System.Buffers;
using System.Buffers.Binary;

namespace OvhIkvm.Simulators.Aspeed;

/// <summary>
/// Writes fields most significant bit first into 32-bit words, each stored little-endian: the exact inverse of
/// the decoder's reader.
/// </summary>
internal sealed class AspeedBitWriter
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private ulong _pending;
    private int _pendingBits;

    public void Write(uint value, int count)
    {
        if (count == 0)
        {
            return;
        }

        _pending = (_pending << count) | (value & (uint)((1UL << count) - 1));
        _pendingBits += count;
        if (_pendingBits >= 32)
        {
            _pendingBits -= 32;
            WriteWord((uint)(_pending >> _pendingBits));
        }
    }

    /// <summary>Pads the last word with zero bits and appends one zero word, which reference readers look ahead into.</summary>
    public byte[] Finish()
    {
        if (_pendingBits > 0)
        {
            Write(0, 32 - _pendingBits);
        }

        WriteWord(0);
        return _output.WrittenSpan.ToArray();
    }

    private void WriteWord(uint word)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_output.GetSpan(4), word);
        _output.Advance(4);
    }
}
