using OvhIkvm.Consoles;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>
/// A viewer URL over plain http to another machine, whatever provider handed it over: refused before anything is sent.
/// The host is under .invalid, which never resolves: an attempt would show in the runtime's network telemetry (and as
/// a name-resolution failure instead of the refusal), and the token can go nowhere even if the defence broke.
/// </summary>
public sealed class PlainHttpViewerTests
{
    [Fact]
    public async Task A_plain_http_viewer_url_to_another_machine_is_refused_and_nothing_tries_to_reach_it()
    {
        var host = $"kvm-{Guid.NewGuid():N}.gra3-1.ipmi.invalid";
        const string Token = "0123456789abcdef0123456789abcdef";
        using var attempts = new NetworkAttempts();

        var error = await Assert.ThrowsAsync<ConsoleException>(() => AmiTestHost.Factory(new RecordingDecoder()).OpenAsync(
            new ViewerPageEndpoint(new Secret($"http://{host}/viewer?token={Token}")), null, TestTimeouts.Within(TestTimeouts.Network)));

        Assert.Equal(
            "The console viewer was not opened: the viewer address is plain http:// to another machine, which would send its session token across the network in clear; request a new console access.",
            error.Message);
        Assert.False(attempts.Reached(host), "something tried to reach the viewer's host");
    }

    [Fact]
    public async Task The_telemetry_sees_an_attempt_to_a_host_that_does_not_resolve()
    {
        // The negative control: over https the same kind of URL is fetched, and the attempt shows up.
        var host = $"kvm-{Guid.NewGuid():N}.gra3-1.ipmi.invalid";
        using var attempts = new NetworkAttempts();

        var error = await Assert.ThrowsAsync<ConsoleException>(() => AmiTestHost.Factory(new RecordingDecoder()).OpenAsync(
            new ViewerPageEndpoint(new Secret($"https://{host}/viewer?token=t")), null, TestTimeouts.Within(TestTimeouts.Network)));

        Assert.Contains("its name does not resolve", error.Message, StringComparison.Ordinal);
        Assert.True(attempts.Reached(host));
    }
}
