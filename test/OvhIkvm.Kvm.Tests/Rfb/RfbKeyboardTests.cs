using System.Buffers.Binary;
using System.Diagnostics;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Kvm.Tests.Rfb.Server;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Rfb;

/// <summary>
/// KeyEvents as a scripted server receives them: X keysyms, modifiers around the key, every down matched by an up,
/// the last key-up not lost to a reset (TCP or WebSocket) when the server sent something we never read, and a close
/// that a server which never stops sending cannot hold.
/// </summary>
public sealed class RfbKeyboardTests
{
    private const uint ShiftL = 0xffe1;
    private const uint ControlL = 0xffe3;
    private const byte BellType = 2;
    private const byte KeyEventType = 4;

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
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_last_key_up_reaches_a_server_that_rang_the_bell_unasked_and_writes_again_before_reading_on(bool overWebSocket)
    {
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var bellRung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clientClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = new List<(bool Down, uint Keysym)>();
        string? dropped = null;
        await using var server = Start(overWebSocket, async (side, token) =>
        {
            await side.AcceptAsync(64, 48, RfbServerSide.Rgbx32, token);
            await ReadSetEncodingsAsync(side, token);

            // After the handshake, so the client's reader has not taken it into its buffer: it stays unread in the socket.
            await side.SendAsync([BellType], token);
            bellRung.SetResult();
            events.Add(await ReadKeyEventAsync(side, token));

            // A server slower than the client's close: it answers the key press on screen before it reads the next event.
            await clientClosed.Task.WaitAsync(token);
            try
            {
                await side.SendAsync(RfbServerSide.Update(0), token);
            }
            catch (IOException ex)
            {
                // What a VNC server does when a write fails: drop the client, with what it had not read yet.
                dropped = ex.Message;
                return;
            }

            events.Add(await ReadKeyEventAsync(side, token));
        });

        var session = await OpenAsync(new VncEndpoint(server.Address, null), null, cancellation);
        await bellRung.Task.WaitAsync(cancellation);
        await ((IKvmKeyboard)session).SendKeysAsync(KeySequenceParser.ParseText("a"), cancellation);
        await session.DisposeAsync();
        clientClosed.SetResult();
        await server.Completion.WaitAsync(cancellation);

        Assert.True(dropped is null, $"The server's answer to the key press failed ({dropped}): the client reset the connection, and the key-up was lost.");
        Assert.Equal([(true, 'a'), (false, 'a')], events);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_that_never_stops_sending_does_not_hold_the_close_of_a_session_that_typed(bool overWebSocket)
    {
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var flooding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = Start(overWebSocket, async (side, token) =>
        {
            await side.AcceptAsync(64, 48, RfbServerSide.Rgbx32, token);
            await ReadSetEncodingsAsync(side, token);
            var bells = Enumerable.Repeat(BellType, 64 * 1024).ToArray();
            try
            {
                while (true)
                {
                    await side.SendAsync(bells, token);
                    flooding.TrySetResult();
                }
            }
            catch (IOException)
            {
                // The client cut the flood off.
            }
        });

        var session = await OpenAsync(new VncEndpoint(server.Address, null), null, cancellation);
        await flooding.Task.WaitAsync(cancellation);
        await ((IKvmKeyboard)session).SendKeysAsync(KeySequenceParser.ParseText("a"), cancellation);
        var clock = Stopwatch.StartNew();
        await session.DisposeAsync();
        var closing = clock.Elapsed;
        await server.Completion.WaitAsync(cancellation);

        // The drain's own bound is 2 s or 4 MiB, whichever comes first; a flood on loopback hits the bytes first.
        Assert.True(closing < TimeSpan.FromSeconds(4), $"Closing took {closing.TotalSeconds:0.0} s under a flood.");
    }

    /// <summary>The same script over TCP, or over WebSocket as websockify carries it: each has its own way to close.</summary>
    private static ScriptedRfbServer Start(bool overWebSocket, Func<RfbServerSide, CancellationToken, Task> script) =>
        overWebSocket ? ScriptedRfbServer.StartOverWebSocket(script) : ScriptedRfbServer.Start(script);

    private static async Task ReadSetEncodingsAsync(RfbServerSide side, CancellationToken cancellationToken)
    {
        var header = await side.ReadAsync(4, cancellationToken);
        Assert.Equal(2, header[0]);
        await side.ReadAsync(4 * BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)), cancellationToken);
    }

    private static async Task<(bool Down, uint Keysym)> ReadKeyEventAsync(RfbServerSide side, CancellationToken cancellationToken)
    {
        var message = await side.ReadAsync(8, cancellationToken);
        Assert.Equal(KeyEventType, message[0]);
        return (message[1] != 0, BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(4)));
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
