using System.Net.Sockets;
using System.Text;
using OvhIkvm.Imaging;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Rfb.Peers;

/// <summary>
/// QEMU with no disk: SeaBIOS's "No bootable device" text screen, served by QEMU's own VNC server over TCP and
/// WebSocket. The oracle is the monitor's <c>screendump</c> (PPM) of the same display surface. Given a kernel, QEMU
/// boots it instead (no root file system, so it ends in a panic): a console that changes by itself.
/// </summary>
internal sealed class QemuPeer : IAsyncDisposable
{
    private QemuPeer(QemuProcess machine) => Machine = machine;

    /// <summary>The machine: its VNC addresses (TCP and WebSocket) and its process.</summary>
    public QemuProcess Machine { get; }

    private string MonitorSocket => MonitorSocketIn(Machine.Directory);

    /// <param name="cancellationToken">Bounds the start.</param>
    /// <param name="kernel">A kernel to boot on the VGA console instead of the empty machine's BIOS.</param>
    /// <param name="extraArguments">More QEMU arguments, e.g. a boot menu.</param>
    public static async Task<QemuPeer> StartAsync(CancellationToken cancellationToken, string? kernel = null, params string[] extraArguments)
    {
        var machine = await QemuProcess.StartAsync(
            memoryMegabytes: kernel is null ? 32 : 256,
            directory =>
            [
                .. kernel is null ? Array.Empty<string>() : ["-kernel", kernel, "-append", "console=tty0 loglevel=7"],
                "-monitor", $"unix:{MonitorSocketIn(directory)},server,nowait",
                .. extraArguments,
            ],
            cancellationToken);
        return new QemuPeer(machine);
    }

    /// <summary>The monitor's screendump of the console surface.</summary>
    public async Task<Frame> ScreenAsync(CancellationToken cancellationToken)
    {
        var file = Path.Combine(Machine.Directory, $"screen-{Guid.NewGuid():N}.ppm");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(MonitorSocket), cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await ReadUntilPromptAsync(stream, cancellationToken);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"screendump {file}\n"), cancellationToken);
        await ReadUntilPromptAsync(stream, cancellationToken);
        var frame = PpmImage.Parse(await File.ReadAllBytesAsync(file, cancellationToken));
        File.Delete(file);
        return frame;
    }

    /// <summary>HMP answers each command, then prints "(qemu) ": the command is done when the prompt is back.</summary>
    private static async Task ReadUntilPromptAsync(Stream stream, CancellationToken cancellationToken)
    {
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        while (!seen.ToString().EndsWith("(qemu) ", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            Assert.True(read > 0, $"The QEMU monitor closed: {seen}");
            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    public ValueTask DisposeAsync() => Machine.DisposeAsync();

    private static string MonitorSocketIn(string directory) => Path.Combine(directory, "monitor.sock");
}
