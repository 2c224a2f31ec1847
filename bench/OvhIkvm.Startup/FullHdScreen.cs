using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OvhIkvm.Startup;

/// <summary>
/// A 1920x1080 VNC console (TigerVNC's Xvnc with X's dithered "retro" root window, a worst case for PNG) on
/// loopback, and a targets file that names it, for the screenshot memory run.
/// </summary>
internal sealed class FullHdScreen : IAsyncDisposable
{
    public const string ServerId = "fullhd";

    private readonly Process _xvnc;
    private readonly DirectoryInfo _directory;

    private FullHdScreen(Process xvnc, DirectoryInfo directory, string targetsFile)
    {
        _xvnc = xvnc;
        _directory = directory;
        TargetsFile = targetsFile;
    }

    public string TargetsFile { get; }

    public static async Task<FullHdScreen> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreeLoopbackPort();
        var info = new ProcessStartInfo("Xvnc") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "-displayfd", "1", "-rfbport", port.ToString(CultureInfo.InvariantCulture), "-localhost", "-nolisten", "tcp",
                     "-SecurityTypes", "None", "-geometry", "1920x1080", "-depth", "24", "-retro", "-AlwaysShared",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        var xvnc = Process.Start(info) ?? throw new InvalidOperationException("Xvnc did not start.");
        xvnc.ErrorDataReceived += (_, _) => { };
        xvnc.BeginErrorReadLine();
        // -displayfd: Xvnc prints its display number once it accepts clients.
        if (string.IsNullOrWhiteSpace(await xvnc.StandardOutput.ReadLineAsync(cancellationToken)))
        {
            xvnc.Kill();
            throw new InvalidOperationException("Xvnc exited before it served a display (is TigerVNC installed?).");
        }

        var directory = Directory.CreateTempSubdirectory("ovh-ikvm-startup-");
        var targets = Path.Combine(directory.FullName, "targets.json");
        await File.WriteAllTextAsync(
            targets,
            $$"""{"targets":[{"id":"{{ServerId}}","name":"Xvnc 1920x1080","type":"vnc","url":"vnc://127.0.0.1:{{port}}"}]}""",
            cancellationToken);
        return new FullHdScreen(xvnc, directory, targets);
    }

    public async ValueTask DisposeAsync()
    {
        _xvnc.Kill();
        await _xvnc.WaitForExitAsync(CancellationToken.None);
        _xvnc.Dispose();
        _directory.Delete(recursive: true);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
