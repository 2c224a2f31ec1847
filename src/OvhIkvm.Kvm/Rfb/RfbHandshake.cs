using System.Text;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Rfb.Security;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>
/// ProtocolVersion, security and initialisation (RFC 6143 sections 7.1 to 7.3), with each version's own rules:
/// 3.3 lets the server pick the security type and sends a SecurityResult only after VNC Authentication; 3.7 sends
/// one only after authentication too, never with a reason; 3.8 always sends one, with a reason on failure.
/// </summary>
internal sealed class RfbHandshake(Stream stream, RfbReader reader, RfbOptions options, string serverDescription)
{
    private const int VersionLength = 12;

    public async Task<RfbServerInit> PerformAsync(Secret? password, CancellationToken cancellationToken)
    {
        var version = await NegotiateVersionAsync(cancellationToken).ConfigureAwait(false);
        var security = version == RfbVersion.V3_3
            ? await ReadServerChosenSecurityAsync(cancellationToken).ConfigureAwait(false)
            : await ChooseSecurityAsync(password, cancellationToken).ConfigureAwait(false);

        if (security == RfbSecurityType.VncAuthentication)
        {
            await AuthenticateAsync(password, cancellationToken).ConfigureAwait(false);
        }

        if (security == RfbSecurityType.VncAuthentication || version == RfbVersion.V3_8)
        {
            await ReadSecurityResultAsync(version, cancellationToken).ConfigureAwait(false);
        }

        await stream.WriteAsync(new[] { options.SharedSession ? (byte)1 : (byte)0 }, cancellationToken).ConfigureAwait(false);
        return await ReadServerInitAsync(version, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RfbVersion> NegotiateVersionAsync(CancellationToken cancellationToken)
    {
        var block = await reader.ReadBlockAsync(VersionLength, cancellationToken).ConfigureAwait(false);
        var text = Encoding.ASCII.GetString(block.Span);
        if (!TryParseVersion(text, out var major, out var minor))
        {
            throw new RfbProtocolException($"{serverDescription} is not a VNC server (it did not send an RFB version greeting).");
        }

        if (major < 3)
        {
            throw new RfbProtocolException($"{serverDescription} speaks RFB {major}.{minor}, older than 3.3, which this client does not support.");
        }

        // RFC 6143 section 7.1.1: unknown minors (3.5, Apple's 3.889) are treated as the nearest version below.
        var version = major > 3 || minor >= 8 ? RfbVersion.V3_8 : minor == 7 ? RfbVersion.V3_7 : RfbVersion.V3_3;
        var reply = Encoding.ASCII.GetBytes($"RFB 003.{(int)version:000}\n");
        await stream.WriteAsync(reply, cancellationToken).ConfigureAwait(false);
        return version;
    }

    private static bool TryParseVersion(string text, out int major, out int minor)
    {
        major = minor = 0;
        return text.Length == VersionLength
            && text.StartsWith("RFB ", StringComparison.Ordinal)
            && text[7] == '.'
            && text[11] == '\n'
            && int.TryParse(text.AsSpan(4, 3), System.Globalization.NumberStyles.None, null, out major)
            && int.TryParse(text.AsSpan(8, 3), System.Globalization.NumberStyles.None, null, out minor);
    }

    private async Task<RfbSecurityType> ReadServerChosenSecurityAsync(CancellationToken cancellationToken)
    {
        var type = await reader.ReadU32Async(cancellationToken).ConfigureAwait(false);
        return type switch
        {
            0 => throw await RefusedAsync("refused the connection", cancellationToken).ConfigureAwait(false),
            1 => RfbSecurityType.None,
            2 => RfbSecurityType.VncAuthentication,
            _ => throw new RfbProtocolException(
                $"{serverDescription} requires security type {type}, which this client does not support (it supports None and VNC Authentication)."),
        };
    }

    private async Task<RfbSecurityType> ChooseSecurityAsync(Secret? password, CancellationToken cancellationToken)
    {
        var count = await reader.ReadU8Async(cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            throw await RefusedAsync("refused the connection", cancellationToken).ConfigureAwait(false);
        }

        var offered = (await reader.ReadBlockAsync(count, cancellationToken).ConfigureAwait(false)).ToArray();
        RfbSecurityType chosen;
        if (offered.Contains((byte)RfbSecurityType.None))
        {
            chosen = RfbSecurityType.None;
        }
        else if (offered.Contains((byte)RfbSecurityType.VncAuthentication))
        {
            chosen = RfbSecurityType.VncAuthentication;
        }
        else
        {
            throw new RfbProtocolException(
                $"{serverDescription} offers only security types {string.Join(", ", offered)}; this client supports None (1) and VNC Authentication (2).");
        }

        if (chosen == RfbSecurityType.VncAuthentication && password is null)
        {
            throw new RfbProtocolException($"{serverDescription} requires a VNC password, and none is configured for this server.");
        }

        await stream.WriteAsync(new[] { (byte)chosen }, cancellationToken).ConfigureAwait(false);
        return chosen;
    }

    private async Task AuthenticateAsync(Secret? password, CancellationToken cancellationToken)
    {
        if (password is null)
        {
            throw new RfbProtocolException($"{serverDescription} requires a VNC password, and none is configured for this server.");
        }

        var challenge = await reader.ReadBlockAsync(VncAuthentication.ChallengeLength, cancellationToken).ConfigureAwait(false);
        var response = new byte[VncAuthentication.ChallengeLength];
        VncAuthentication.ComputeResponse(password, challenge.Span, response);
        await stream.WriteAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReadSecurityResultAsync(RfbVersion version, CancellationToken cancellationToken)
    {
        var result = await reader.ReadU32Async(cancellationToken).ConfigureAwait(false);
        if (result == 0)
        {
            return;
        }

        if (version == RfbVersion.V3_8)
        {
            throw await RefusedAsync("rejected the authentication", cancellationToken).ConfigureAwait(false);
        }

        throw new RfbProtocolException(result == 2
            ? $"{serverDescription} rejected the authentication: too many attempts; wait before trying again."
            : $"{serverDescription} rejected the authentication; check the VNC password.");
    }

    /// <summary>Reads the reason string that follows a refusal and turns it into the error the user sees.</summary>
    private async Task<RfbProtocolException> RefusedAsync(string what, CancellationToken cancellationToken)
    {
        var reason = await ReadStringAsync(cancellationToken).ConfigureAwait(false);
        var shown = string.IsNullOrWhiteSpace(reason) ? "no reason given" : Sanitise(reason);
        return new RfbProtocolException($"{serverDescription} {what}: {shown}.");
    }

    private async Task<RfbServerInit> ReadServerInitAsync(RfbVersion version, CancellationToken cancellationToken)
    {
        var width = await reader.ReadU16Async(cancellationToken).ConfigureAwait(false);
        var height = await reader.ReadU16Async(cancellationToken).ConfigureAwait(false);
        var format = RfbPixelFormat.Parse((await reader.ReadBlockAsync(RfbPixelFormat.WireLength, cancellationToken).ConfigureAwait(false)).Span);
        var name = await ReadStringAsync(cancellationToken).ConfigureAwait(false);
        if (!options.FrameLimits.Allows(width, height))
        {
            throw new RfbProtocolException(
                $"{serverDescription} reports a {width}x{height} screen, outside the supported 1x1 to {options.FrameLimits.MaxWidth}x{options.FrameLimits.MaxHeight}.");
        }

        return new RfbServerInit(version, width, height, format, name);
    }

    private async Task<string> ReadStringAsync(CancellationToken cancellationToken)
    {
        var length = await reader.ReadU32Async(cancellationToken).ConfigureAwait(false);
        if (length > (uint)options.MaxMessageLength)
        {
            throw new RfbProtocolException($"{serverDescription} sent a {length}-byte text field, longer than the {options.MaxMessageLength} bytes accepted.");
        }

        var bytes = new byte[length];
        await reader.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);

        // RFC 6143 says Latin-1 for reasons and names; 3.8 servers often send UTF-8, which is the better guess when valid.
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    /// <summary>Keeps a server-provided reason to one printable line of reasonable length.</summary>
    private static string Sanitise(string reason) => UntrustedText.Printable(reason.Trim()).TrimEnd('.', ' ');

}
