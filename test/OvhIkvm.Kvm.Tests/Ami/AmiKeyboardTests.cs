using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Kvm.Tests.Input;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>Typing over the IVTP HID path against the simulated BMC, which checks every keyboard report it receives.</summary>
public sealed class AmiKeyboardTests
{
    [Theory]
    [InlineData("binary")]
    [InlineData("base64")]
    public async Task Typed_text_arrives_as_well_formed_reports_and_nothing_stays_pressed(string subprotocol)
    {
        await using var bmc = await AmiTestHost.StartAsync(new BmcSimulatorOptions { Subprotocol = subprotocol });
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        var keys = KeySequenceParser.ParseText("root\n").Then(KeySequenceParser.ParseKeys("Ctrl+Alt+Del Alt+SysRq+b"));

        await using (var session = await OpenAsync(bmc, cancellation))
        {
            await ((IKvmKeyboard)session).SendKeysAsync(keys, cancellation);
        }

        await AmiTestHost.WaitUntilAsync(() => bmc.EndedKvmConnections == bmc.KvmConnections);
        Assert.Empty(bmc.Keyboard.Violations);
        Assert.True(bmc.Keyboard.NothingPressed);
        Assert.Equal(
            [
                new BmcKeyPress(0, 0x15), new BmcKeyPress(0, 0x12), new BmcKeyPress(0, 0x12), new BmcKeyPress(0, 0x17), new BmcKeyPress(0, 0x28),
                new BmcKeyPress(0x05, 0x4c), new BmcKeyPress(0x04, 0x46), new BmcKeyPress(0x04, 0x05),
            ],
            bmc.Keyboard.Presses);

        // The keys travel on a validated session that is closed politely afterwards.
        var commands = bmc.ClientPackets.Select(p => (int)p.Command).ToList();
        Assert.True(commands.IndexOf(0x12) < commands.IndexOf(0x01));
        Assert.Equal(0x08, commands[^1]);
    }

    [Fact]
    public async Task A_call_cancelled_mid_sequence_still_releases_every_key()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var keys = KeySequenceParser.ParseText(new string('A', 200));

        await using (var session = await OpenAsync(bmc, cancellation))
        {
            var typing = ((IKvmKeyboard)session).SendKeysAsync(keys, caller.Token);
            await bmc.Keyboard.WhenReportsReach(15).WaitAsync(cancellation);
            await caller.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => typing);
        }

        await AmiTestHost.WaitUntilAsync(() => bmc.EndedKvmConnections == bmc.KvmConnections);
        Assert.Empty(bmc.Keyboard.Violations);
        Assert.True(bmc.Keyboard.NothingPressed, "a key or Shift was left down");
        Assert.InRange(bmc.Keyboard.Presses.Count, 3, 199);
    }

    [Fact]
    public async Task Keys_on_a_followed_session_travel_on_its_held_connection_and_their_sequence_goes_on()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);

        await using (var session = await OpenAsync(bmc, cancellation))
        {
            await session.NextFrameAsync(TimeSpan.Zero, cancellation);
            await ((IKvmKeyboard)session).SendKeysAsync(KeySequenceParser.ParseText("ab"), cancellation);
            await ((IKvmKeyboard)session).SendKeysAsync(KeySequenceParser.ParseKeys("Enter"), cancellation);
            await session.NextFrameAsync(TimeSpan.Zero, cancellation);
            Assert.Equal(1, bmc.KvmConnections);
        }

        await AmiTestHost.WaitUntilAsync(() => bmc.EndedKvmConnections == bmc.KvmConnections);
        Assert.Equal(1, bmc.KvmConnections);
        Assert.Empty(bmc.Keyboard.Violations);
        Assert.True(bmc.Keyboard.NothingPressed);
        Assert.Equal([new BmcKeyPress(0, 0x04), new BmcKeyPress(0, 0x05), new BmcKeyPress(0, 0x28)], bmc.Keyboard.Presses);
    }

    [Fact]
    public async Task A_refused_session_sends_no_keys()
    {
        await using var bmc = await AmiTestHost.StartAsync();
        bmc.Faults.RejectValidation = true;
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);

        await using (var session = await OpenAsync(bmc, cancellation))
        {
            await Assert.ThrowsAnyAsync<ConsoleException>(() => ((IKvmKeyboard)session).SendKeysAsync(KeySequenceParser.ParseKeys("Enter"), cancellation));
        }

        Assert.Equal(0, bmc.Keyboard.Reports);
        Assert.DoesNotContain(bmc.ClientPackets, p => p.Command == 0x01);
    }

    /// <summary>
    /// The BMC decodes its reports with the XKB layout of the simulated server (<see cref="XkbKeyboard"/>): what it
    /// types must be the text, AltGr characters and dead keys included. With the US tables (what send_keys did for
    /// every server before layouts) the same server types "qwertz" for "azerty" on AZERTY.
    /// </summary>
    [Theory]
    [Trait("Category", ExternalProgram.Category)]
    [InlineData("us", "us", "root@host:~# grep -c '^a' \"$HOME\"/x | tr '{}' '[]'\n")]
    [InlineData("uk", "gb", "echo \"£5 or €5 @ #1 ~/x \\ | ¬\"\n")]
    [InlineData("fr", "fr", "azerty AZERTY @#{}[]|\\`^~ éèçàù ê ä Ë ² µ § <>\n")]
    [InlineData("de", "de", "qwertz yz YZ @{}[]\\|~ ^ ` äöüß ÄÖÜ é è â € <>\n")]
    [InlineData("es", "es", "mañana ÑANDÚ ¿qué? ¡sí! @#|~\\ [ ] { } ^ ` àü ç º ª €\n")]
    [InlineData("it", "it", "perché città più però @#[]{}~`^\\| ç ° § £\n")]
    [InlineData("be", "be", "azerty AZ @#{}[]|\\`^~ éèçàù ê ë µ £ ³ ñ\n")]
    [InlineData("ch", "ch", "qwertz yz ZY @#{}[]|\\~^` äöü éèà ê ë ñ ç § ° ¬ ¢\n")]
    public async Task Text_arrives_as_the_servers_layout_types_it(string layout, string xkb, string text)
    {
        using var keyboard = XkbKeyboard.Open(xkb);
        await using var bmc = await AmiTestHost.StartAsync();
        bmc.Keyboard.Layout = keyboard;
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);

        await using (var session = await OpenAsync(bmc, cancellation))
        {
            await ((IKvmKeyboard)session).SendKeysAsync(KeySequenceParser.ParseText(text, KeyboardLayouts.Find(layout)), cancellation);
        }

        await AmiTestHost.WaitUntilAsync(() => bmc.EndedKvmConnections == bmc.KvmConnections);
        Assert.Empty(bmc.Keyboard.Violations);
        Assert.True(bmc.Keyboard.NothingPressed);
        Assert.Equal(text, bmc.Keyboard.Typed);
    }

    [Fact]
    [Trait("Category", ExternalProgram.Category)]
    public async Task Us_tables_on_an_azerty_server_type_other_letters()
    {
        using var keyboard = XkbKeyboard.Open("fr");
        await using var bmc = await AmiTestHost.StartAsync();
        bmc.Keyboard.Layout = keyboard;
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);

        await using (var session = await OpenAsync(bmc, cancellation))
        {
            await ((IKvmKeyboard)session).SendKeysAsync(KeySequenceParser.ParseText("azerty\n"), cancellation);
        }

        await AmiTestHost.WaitUntilAsync(() => bmc.EndedKvmConnections == bmc.KvmConnections);
        Assert.Equal("qwerty\n", bmc.Keyboard.Typed);
    }

    private static Task<IKvmSession> OpenAsync(BmcSimulator bmc, CancellationToken cancellation) =>
        AmiTestHost.Factory(new RecordingDecoder()).OpenAsync(new ViewerPageEndpoint(new Secret(bmc.ViewerUrlFor().ToString())), null, cancellation);
}
