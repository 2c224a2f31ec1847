using System.Text;

namespace OvhIkvm.Kvm.Ami.Ivtp;

/// <summary>
/// The payload of CMD_VALIDATE_VIDEO_SESSION: fixed-size NUL-padded C strings. The 373-byte layout is what AMI's
/// H5Viewer 2.118 sends and what works on OVH's ASRockRack boards; SP-X 12.x viewers append the BMC's own IP
/// (65 bytes) for 438 bytes in all.
/// </summary>
internal static class ValidationPayload
{
    public const int ShortLength = 373;
    public const int LongLength = 438;

    /// <summary>The user name AMI's H5 viewer sends when it has none of its own.</summary>
    public const string DefaultUsername = "domain/username";
    public const string DefaultMac = "00-00-00-00-00-00";

    /// <summary>The longest KVM token the field holds with its terminating NUL.</summary>
    public const int MaxTokenLength = TokenSize - 1;

    private const int TokenOffset = 1;
    private const int TokenSize = 129;
    private const int ClientIpOffset = 130;
    private const int ClientIpSize = 65;
    private const int UsernameOffset = 195;
    private const int UsernameSize = 129;
    private const int MacOffset = 324;
    private const int MacSize = 49;
    private const int ServerIpOffset = 373;
    private const int ServerIpSize = 65;

    /// <summary>Builds the short (373-byte) payload, or the long one when <paramref name="serverIp"/> is given.</summary>
    public static byte[] Build(string kvmToken, string clientIp, string? serverIp = null, string username = DefaultUsername)
    {
        var payload = new byte[serverIp is null ? ShortLength : LongLength];

        // Byte 0 is the "new session" flag: 0.
        WriteField(payload.AsSpan(TokenOffset, TokenSize), kvmToken);
        WriteField(payload.AsSpan(ClientIpOffset, ClientIpSize), clientIp);
        WriteField(payload.AsSpan(UsernameOffset, UsernameSize), username);
        WriteField(payload.AsSpan(MacOffset, MacSize), DefaultMac);
        if (serverIp is not null)
        {
            WriteField(payload.AsSpan(ServerIpOffset, ServerIpSize), serverIp);
        }

        return payload;
    }

    /// <summary>Writes a C string truncated so that a terminating NUL always fits (the BMC reads it with strcpy).</summary>
    private static void WriteField(Span<byte> field, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        bytes.AsSpan(0, Math.Min(bytes.Length, field.Length - 1)).CopyTo(field);
    }
}
