namespace OvhIkvm.Kvm.Ami.Ivtp;

/// <summary>The IVTP packet types this client sends or reacts to (AMI's ivtp.js numbering).</summary>
internal enum IvtpCommand : ushort
{
    SendHidPacket = 0x01,
    StopSessionImmediate = 0x08,
    PaintBlankScreen = 0x09,
    ResumeRedirection = 0x06,
    GetFullScreen = 0x0b,
    ValidateVideoSession = 0x12,
    ValidatedVideoSession = 0x13,
    MaxSessionClose = 0x16,
    ConnectionAllowed = 0x17,
    VideoPackets = 0x19,
    PowerStatus = 0x22,
    ActiveClients = 0x27,
    MediaLicenseStatus = 0x35,
    KeepAlive = 0x39,
    ConnectionComplete = 0x3a,
    ConnectionFailed = 0x3b,
}
