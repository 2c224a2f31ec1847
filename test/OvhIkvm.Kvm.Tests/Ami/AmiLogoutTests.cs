using System.Diagnostics;
using OvhIkvm.Consoles;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>
/// A web session this tool opened is logged out after the frame is handed over, within its own time limit, and the
/// HTTP client is released whatever the logout does; shutting the opener down waits for logouts still running.
/// </summary>
public sealed class AmiLogoutTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(nameof(BmcFaults.LogoutHangs))]
    [InlineData(nameof(BmcFaults.LogoutBreaksOff))]
    public async Task The_frame_is_handed_over_before_the_logout_and_every_connection_is_released_whatever_the_logout_does(string? fault)
    {
        await using var bmc = await AmiTestHost.StartAsync();
        if (fault is not null)
        {
            typeof(BmcFaults).GetProperty(fault)!.SetValue(bmc.Faults, true);
        }

        var options = AmiTestHost.FastOptions();
        options.LogoutTimeout = TimeSpan.FromSeconds(2);
        var opener = AmiTestHost.Opener(new RecordingDecoder(), options);
        var cancellation = TestTimeouts.Within(TestTimeouts.Network);

        var session = await AmiTestHost.Factory(opener).OpenAsync(new AmiBmcEndpoint(bmc.BaseUrl, bmc.Options.Username, new Secret(bmc.Options.Password), AllowInsecureHttp: true), null, cancellation);
        var frame = await session.CaptureFrameAsync(cancellation);

        // Real time: the logout is a real HTTP request to a BMC that may hang it, and what is proved is that neither the
        // caller (far under the 2 s logout limit) nor the shutdown (the limit plus slack for a loaded machine) waits longer.
        var handover = Stopwatch.StartNew();
        await session.DisposeAsync();
        var disposeTook = handover.Elapsed;

        Assert.Equal((1024, 768), (frame.Width, frame.Height));
        Assert.True(disposeTook < TimeSpan.FromSeconds(1), $"disposing the session took {disposeTook}: the caller waited for the logout");

        var shutdown = Stopwatch.StartNew();
        await opener.DisposeAsync();
        Assert.True(shutdown.Elapsed < options.LogoutTimeout + TimeSpan.FromSeconds(3), $"shutdown waited {shutdown.Elapsed} for the logout");

        // The HTTP client was disposed: no connection of ours is left open on the BMC, whatever the logout did.
        await AmiTestHost.WaitUntilAsync(() => bmc.OpenConnections == 0);
        if (fault == nameof(BmcFaults.LogoutHangs))
        {
            Assert.Equal((1, 1), bmc.HungLogouts);
        }
        else if (fault is null)
        {
            Assert.Equal(0, bmc.OpenWebSessions);
        }
    }
}
