using System.Buffers.Binary;
using OvhIkvm.Kvm.Input;

namespace OvhIkvm.Kvm.Ami.Ivtp;

/// <summary>
/// A keyboard report as AMI's viewers send it in CMD_SEND_HID_PACKET (0x01): the 32-byte "IUSB" USB-over-IP header,
/// one length byte, then the 8-byte boot report (see docs/ami.md). Field values follow the public AMI viewers
/// (JViewer's USBKeyboardRep, the H5Viewer): version 1.0, device type 0x30 (keyboard), protocol 0x10 (keyboard
/// data), direction 0x80 (from the remote client), device 2, interface 0, a rising sequence number, and a header
/// checksum that makes the header's bytes sum to zero.
/// </summary>
internal static class IusbKeyboardPacket
{
    public const int HeaderLength = 32;
    public const int PayloadLength = HeaderLength + 1 + UsbKeyboardReport.Length;
    public const byte DeviceKeyboard = 0x30;
    public const byte ProtocolKeyboardData = 0x10;
    public const byte FromRemote = 0x80;
    public const byte DeviceNumber = 2;
    public const int ChecksumOffset = 11;
    public const int SequenceOffset = 24;

    public static ReadOnlySpan<byte> Signature => "IUSB    "u8;

    /// <summary>The whole IVTP packet (header and IUSB payload) carrying <paramref name="report"/>.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> report, uint sequence)
    {
        if (report.Length != UsbKeyboardReport.Length)
        {
            throw new ArgumentException($"A keyboard report is {UsbKeyboardReport.Length} bytes.", nameof(report));
        }

        var payload = new byte[PayloadLength];
        var header = payload.AsSpan(0, HeaderLength);
        Signature.CopyTo(header);
        header[8] = 1; // major version
        header[9] = 0; // minor version
        header[10] = HeaderLength;
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 1 + UsbKeyboardReport.Length);
        header[17] = DeviceKeyboard;
        header[18] = ProtocolKeyboardData;
        header[19] = FromRemote;
        header[20] = DeviceNumber;
        header[21] = 0; // interface: the keyboard
        BinaryPrimitives.WriteUInt32LittleEndian(header[SequenceOffset..], sequence);
        header[ChecksumOffset] = Checksum(header);
        payload[HeaderLength] = UsbKeyboardReport.Length;
        report.CopyTo(payload.AsSpan(HeaderLength + 1));
        return IvtpPacket.Encode(new IvtpPacket(IvtpCommand.SendHidPacket, 0, payload));
    }

    /// <summary>The byte that makes the header's bytes (with the checksum byte as zero) sum to zero modulo 256.</summary>
    public static byte Checksum(ReadOnlySpan<byte> header)
    {
        byte sum = 0;
        for (var i = 0; i < HeaderLength; i++)
        {
            if (i != ChecksumOffset)
            {
                sum += header[i];
            }
        }

        return (byte)(0 - sum);
    }
}
