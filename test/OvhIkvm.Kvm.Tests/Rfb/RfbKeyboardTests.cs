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

    private static Task<IKvmSession> OpenAsync(VncEndpoint endpoint, IProgress<ConsoleProgress>? progress, CancellationToken cancellation) =>
        new RfbSessionConnector(ScriptedCapture.QuickOptions, new TestOutputLogger<RfbSession>(), TimeProvider.System, new DecodeMemoryBudget(TimeProvider.System))
            .OpenAsync(endpoint, progress, cancellation);
}
