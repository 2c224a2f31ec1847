using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Kvm.Tests.Rfb.Server;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Rfb;

/// <summary>KeyEvents as a scripted server receives them: X keysyms, modifiers around the key, every down matched by an up.</summary>
public sealed class RfbKeyboardTests
{
    private const uint ShiftL = 0xffe1;
    private const uint ControlL = 0xffe3;

    [Fact]
    public async Task Keys_arrive_as_keysyms_with_modifiers_pressed_first_and_released_last()
    {
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        List<(bool Down, uint Keysym)>? events = null;
        await using var server = ScriptedRfbServer.Start(async (side, token) =>
        {
            await side.AcceptAsync(64, 48, RfbServerSide.Rgbx32, token);
            events = await side.RecordKeyEventsUntilClosedAsync(token);
        });

        await using (var session = await OpenAsync(new VncEndpoint(server.Address, null), null, cancellation))
        {
            await ((IKvmKeyboard)session).SendKeysAsync(KeySequenceParser.ParseText("aB").Then(KeySequenceParser.ParseKeys("Ctrl+C Enter")), cancellation);
        }

        await server.Completion;
        Assert.Equal(
            [
                (true, 'a'), (false, 'a'),
                (true, ShiftL), (true, 'B'), (false, 'B'), (false, ShiftL),
                (true, ControlL), (true, 'c'), (false, 'c'), (false, ControlL),
                (true, 0xff0d), (false, 0xff0d),
            ],
            events!);
    }

    [Fact]
    public async Task A_connection_that_breaks_while_typing_is_a_clear_error()
    {
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        await using var server = ScriptedRfbServer.Start(async (side, token) =>
        {
            await side.AcceptAsync(64, 48, RfbServerSide.Rgbx32, token);
            side.Stream.Close();
        });
        await using var session = await OpenAsync(new VncEndpoint(server.Address, null), null, cancellation);
        await server.Completion;

        // The first writes may still land in the socket buffer: a long sequence reaches the closed peer.
        var error = await Assert.ThrowsAsync<RfbProtocolException>(
            () => ((IKvmKeyboard)session).SendKeysAsync(KeySequenceParser.ParseText(new string('x', KeySequence.MaxChords)), cancellation));

        Assert.Contains("broke while typing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task On_azerty_a_server_that_takes_key_positions_gets_scan_codes_and_any_other_gets_the_characters(bool acknowledges)
    {
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        List<(bool Down, uint Keysym, uint Scancode)>? events = null;
        await using var server = ScriptedRfbServer.Start(async (side, token) =>
        {
            await side.AcceptAsync(2, 1, RfbServerSide.Rgbx32, token);
            await side.WaitForUpdateRequestAsync(token);
            byte[] acknowledgement = acknowledges ? RfbServerSide.Rect(0, 0, 0, 0, -258) : [];
            await side.SendAsync([.. RfbServerSide.Update(acknowledges ? 2 : 1), .. acknowledgement, .. RfbServerSide.Rect(0, 0, 2, 1, 0), .. new byte[8]], token);
            events = await side.RecordKeysUntilClosedAsync(token);
        });

        await using (var session = await OpenAsync(new VncEndpoint(server.Address, null), null, cancellation))
        {
            await session.CaptureFrameAsync(cancellation);
            var keys = KeySequenceParser.ParseText("a@ê", KeyboardLayouts.Fr).Then(KeySequenceParser.ParseKeys("Ctrl+a", KeyboardLayouts.Fr));
            await ((IKvmKeyboard)session).SendKeysAsync(keys, cancellation);
        }

        await server.Completion;
        (bool, uint, uint)[] expected = acknowledges
            ?
            [
                (true, 'a', 0x10), (false, 'a', 0x10), // the AZERTY a is the US Q key
                (true, 0xfe03, 0xb8), (true, '@', 0x0b), (false, '@', 0x0b), (false, 0xfe03, 0xb8), // AltGr+0
                (true, '[', 0x1a), (false, '[', 0x1a), (true, 'ê', 0x12), (false, 'ê', 0x12), // dead circumflex, then e
                (true, ControlL, 0x1d), (true, 'a', 0x10), (false, 'a', 0x10), (false, ControlL, 0x1d),
            ]
            :
            [
                (true, 'a', 0), (false, 'a', 0),
                (true, ShiftL, 0), (true, '@', 0), (false, '@', 0), (false, ShiftL, 0),
                (true, 'ê', 0), (false, 'ê', 0),
                (true, ControlL, 0), (true, 'a', 0), (false, 'a', 0), (false, ControlL, 0),
            ];
        Assert.Equal(expected, events!);
    }

    private static Task<IKvmSession> OpenAsync(VncEndpoint endpoint, IProgress<ConsoleProgress>? progress, CancellationToken cancellation) =>
        new RfbSessionConnector(ScriptedCapture.QuickOptions, new TestOutputLogger<RfbSession>(), TimeProvider.System, new DecodeMemoryBudget(TimeProvider.System))
            .OpenAsync(endpoint, progress, cancellation);
}
