using System.Globalization;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Text;

/// <summary>
/// A 1024x768 TigerVNC Xvnc desktop with no authentication on a free loopback port, for scenes of real X clients
/// (xsetroot patterns, xlogo, xeyes, xclock, oclock, ico) that our RFB client captures.
/// </summary>
internal sealed class XvncDesktop : IAsyncDisposable
{
    private readonly List<PeerProcess> _processes = [];

    public int Port { get; private set; }

    public string Display { get; private set; } = string.Empty;

    public Uri Address => new($"vnc://127.0.0.1:{Port}");

    /// <param name="retro">The classic X root weave instead of a black root.</param>
    /// <param name="cancellationToken">Bounds the start.</param>
    public static async Task<XvncDesktop> StartAsync(bool retro, CancellationToken cancellationToken)
    {
        var xvnc = ExternalProgram.Require("Xvnc");
        var desktop = new XvncDesktop();
        try
        {
            desktop.Port = LoopbackPorts.FindFree();
            string[] arguments =
            [
                "-displayfd", "1", "-rfbport", desktop.Port.ToString(CultureInfo.InvariantCulture), "-localhost", "-nolisten", "tcp",
                "-SecurityTypes", "None", "-geometry", "1024x768", "-depth", "24", "-ac", "-AlwaysShared",
            ];
            var server = PeerProcess.Start(xvnc, retro ? [.. arguments, "-retro"] : arguments, readStandardOutput: true);
            desktop._processes.Add(server);
            var display = await server.StandardOutput.ReadLineAsync(cancellationToken);
            Assert.False(string.IsNullOrEmpty(display), $"Xvnc did not report a display: {server.Errors}");
            desktop.Display = ":" + display.Trim();
            await LoopbackPorts.WaitUntilListeningAsync(desktop.Port, server, cancellationToken);
            return desktop;
        }
        catch
        {
            await desktop.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a program that sets something and exits (xsetroot).</summary>
    public Task RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        PeerProcess.RunAsync(ExternalProgram.Require(program), [.. arguments, "-display", Display], cancellationToken);

    /// <summary>Starts an X client that stays (a clock, a logo); disposal ends it.</summary>
    public void Start(string program, params string[] arguments) =>
        _processes.Add(PeerProcess.Start(ExternalProgram.Require(program), [.. arguments, "-display", Display]));

    public async ValueTask DisposeAsync()
    {
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync();
        }
    }
}
