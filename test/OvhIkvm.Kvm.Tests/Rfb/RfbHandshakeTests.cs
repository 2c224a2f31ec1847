using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Tests.Rfb.Peers;
using OvhIkvm.Kvm.Tests.Rfb.Server;
using OvhIkvm.Testing;
using static OvhIkvm.Kvm.Tests.Rfb.Server.RfbServerSide;

namespace OvhIkvm.Kvm.Tests.Rfb;

/// <summary>Each RFB version's security rules, byte for byte, against the scripted server.</summary>
public sealed class RfbHandshakeTests
{
    private static readonly byte[] Challenge = Convert.FromHexString("00112233445566778899aabbccddeeff");

    // The response for password "testpass" to Challenge, computed with OpenSSL (reference doc, appendix A).
    private static readonly byte[] TestpassResponse = Convert.FromHexString("2d745afb7db563e1055ec273fe91e9d6");

    private static RfbOptions QuickOptions => ScriptedCapture.QuickOptions;

    [Theory]
    [InlineData("003.003", "RFB 003.003\n")]
    [InlineData("003.005", "RFB 003.003\n")]
    [InlineData("003.007", "RFB 003.007\n")]
    [InlineData("003.008", "RFB 003.008\n")]
    [InlineData("003.889", "RFB 003.008\n")]
    [InlineData("004.001", "RFB 003.008\n")]
    public async Task Handshake_NoneSecurity_FollowsEachVersionsRules(string serverVersion, string expectedReply)
    {
        var cancellationToken = TestTimeouts.Within(TestTimeouts.Network);
        await using var server = ScriptedRfbServer.Start(async (side, ct) =>
        {
            var reply = await side.GreetAsync(serverVersion, ct);
            Assert.Equal(expectedReply, reply);
            if (reply == "RFB 003.003\n")
            {
                await side.SendAsync(U32(1), ct);
            }
            else
            {
                await side.SendAsync([2, 2, 1], ct);
                Assert.Equal(1, (await side.ReadAsync(1, ct))[0]);
                if (reply == "RFB 003.008\n")
                {
                    // Only 3.8 sends a SecurityResult after None; 3.7 goes straight to ClientInit.
                    await side.SendAsync(U32(0), ct);
                }
            }

            await side.InitAsync(2, 1, Rgbx32, ct);
            await side.WaitForUpdateRequestAsync(ct);
            await side.SendAsync([.. Update(1), .. Rect(0, 0, 2, 1, 0), 10, 20, 30, 0, 40, 50, 60, 0], ct);
        });

        var frame = await PeerCapture.CaptureAsync(server.Address, null, QuickOptions, cancellationToken);

        await server.Completion;
        Assert.Equal(new byte[] { 10, 20, 30, 255, 40, 50, 60, 255 }, frame.Pixels);
    }

    [Theory]
    [InlineData("003.003")]
    [InlineData("003.007")]
    [InlineData("003.008")]
    public async Task Handshake_VncAuthentication_SendsTheDesResponseAndReadsTheResult(string version)
    {
        var cancellationToken = TestTimeouts.Within(TestTimeouts.Network);
        await using var server = ScriptedRfbServer.Start(async (side, ct) =>
        {
            await side.GreetAsync(version, ct);
            if (version == "003.003")
            {
                await side.SendAsync(U32(2), ct);
            }
            else
            {
                await side.SendAsync([1, 2], ct);
                Assert.Equal(2, (await side.ReadAsync(1, ct))[0]);
            }

            await side.SendAsync(Challenge, ct);
            Assert.Equal(TestpassResponse, await side.ReadAsync(16, ct));
            await side.SendAsync(U32(0), ct);
            await side.InitAsync(1, 1, Rgbx32, ct);
            await side.WaitForUpdateRequestAsync(ct);
            await side.SendAsync([.. Update(1), .. Rect(0, 0, 1, 1, 0), 1, 2, 3, 0], ct);
        });

        var frame = await PeerCapture.CaptureAsync(server.Address, new Secret("testpass"), QuickOptions, cancellationToken);

        await server.Completion;
        Assert.Equal(new byte[] { 1, 2, 3, 255 }, frame.Pixels);
    }

    [Fact]
    public async Task Handshake_V38AuthenticationFailure_ShowsTheServersReasonButNeverThePassword()
    {
        var error = await ScriptedCapture.FailsAsync(async (side, ct) =>
        {
            await side.GreetAsync("003.008", ct);
            await side.SendAsync([1, 2], ct);
            await side.ReadAsync(1, ct);
            await side.SendAsync(Challenge, ct);
            await side.ReadAsync(16, ct);
            await side.SendAsync([.. U32(1), .. Reason("Authentication failure")], ct);
        }, password: new Secret("hunter22"));

        Assert.Contains("Authentication failure", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter22", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("003.003")]
    [InlineData("003.007")]
    public async Task Handshake_OlderVersionAuthenticationFailure_HasNoReasonToRead(string version)
    {
        var error = await ScriptedCapture.FailsAsync(async (side, ct) =>
        {
            await side.GreetAsync(version, ct);
            if (version == "003.003")
            {
                await side.SendAsync(U32(2), ct);
            }
            else
            {
                await side.SendAsync([1, 2], ct);
                await side.ReadAsync(1, ct);
            }

            await side.SendAsync(Challenge, ct);
            await side.ReadAsync(16, ct);

            // No reason string follows in 3.3 and 3.7; the server keeps the connection open, so a client that
            // waited for one would hang until its handshake timeout.
            await side.SendAsync(U32(1), ct);
            await side.ReadAsync(1, ct);
        }, password: new Secret("wrong"));

        Assert.Contains("check the VNC password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_V38NoSecurityTypes_ShowsTheServersReason()
    {
        var error = await ScriptedCapture.FailsAsync(async (side, ct) =>
        {
            await side.GreetAsync("003.008", ct);
            await side.SendAsync([0, .. Reason("Too many security failures")], ct);
        });

        Assert.Contains("refused the connection: Too many security failures", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_V33Refusal_ShowsTheServersReason()
    {
        var error = await ScriptedCapture.FailsAsync(async (side, ct) =>
        {
            await side.GreetAsync("003.003", ct);
            await side.SendAsync([.. U32(0), .. Reason("Connection rejected by host")], ct);
        });

        Assert.Contains("Connection rejected by host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_VncAuthWithoutPassword_SaysAPasswordIsNeeded()
    {
        var error = await ScriptedCapture.FailsAsync(async (side, ct) =>
        {
            await side.GreetAsync("003.008", ct);
            await side.SendAsync([1, 2], ct);
            await side.ReadAsync(1, ct);
        });

        Assert.Contains("requires a VNC password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_OnlyUnsupportedSecurityTypes_NamesThem()
    {
        var error = await ScriptedCapture.FailsAsync(async (side, ct) =>
        {
            await side.GreetAsync("003.008", ct);
            await side.SendAsync([2, 18, 19], ct);
            await side.ReadAsync(1, ct);
        });

        Assert.Contains("18, 19", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_NotAVncServer_SaysSo()
    {
        var error = await ScriptedCapture.FailsAsync(async (side, ct) =>
        {
            await side.SendAsync("HTTP/1.1 400\r\n\r\n"u8.ToArray(), ct);
            await side.ReadAsync(1, ct);
        });

        Assert.Contains("is not a VNC server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_SilentServer_TimesOutWithAClearMessage()
    {
        var error = await ScriptedCapture.FailsAsync(
            async (side, ct) => await side.ReadAsync(1, ct),
            QuickOptions with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });

        Assert.Contains("did not complete the RFB handshake", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_HugeDesktopName_IsRefusedBeforeAllocation()
    {
        var error = await ScriptedCapture.FailsAsync(async (side, ct) =>
        {
            await side.GreetAsync("003.008", ct);
            await side.SendAsync([1, 1], ct);
            await side.ReadAsync(1, ct);
            await side.SendAsync(U32(0), ct);
            await side.ReadAsync(1, ct);
            await side.SendAsync([.. U16(8), .. U16(8), .. Rgbx32, .. U32(0xFFFF_FFF0)], ct);
            await side.ReadAsync(1, ct);
        });

        Assert.Contains("text field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_ScreenBeyondLimits_IsRefused()
    {
        var error = await ScriptedCapture.FailsAsync(async (side, ct) =>
        {
            await side.GreetAsync("003.008", ct);
            await side.SendAsync([1, 1], ct);
            await side.ReadAsync(1, ct);
            await side.SendAsync(U32(0), ct);
            await side.InitAsync(65535, 65535, Rgbx32, ct);
            await side.ReadAsync(1, ct);
        });

        Assert.Contains("65535x65535", error.Message, StringComparison.Ordinal);
    }
}
