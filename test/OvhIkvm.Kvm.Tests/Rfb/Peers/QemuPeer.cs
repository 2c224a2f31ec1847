using System.Globalization;
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
    private readonly string _directory;
    private PeerProcess? _process;

    private QemuPeer(string directory) => _directory = directory;

    public int Port { get; private set; }

    public int WebSocketPort { get; private set; }

    public Uri TcpAddress => new($"vnc://127.0.0.1:{Port}");

    public Uri WebSocketAddress => new($"ws://127.0.0.1:{WebSocketPort}");

    private string MonitorSocket => Path.Combine(_directory, "monitor.sock");

    /// <param name="cancellationToken">Bounds the start.</param>
    /// <param name="kernel">A kernel to boot on the VGA console instead of the empty machine's BIOS.</param>
    /// <param name="extraArguments">More QEMU arguments, e.g. a boot menu.</param>
    public static async Task<QemuPeer> StartAsync(CancellationToken cancellationToken, string? kernel = null, params string[] extraArguments)
    {
        var qemu = ExternalProgram.Require("qemu-system-x86_64");
        var peer = new QemuPeer(Directory.CreateTempSubdirectory("ovh-ikvm-qemu-").FullName);
        try
        {
            peer.Port = LoopbackPorts.FindFree(minimum: 5900);
            peer.WebSocketPort = LoopbackPorts.FindFree();
            var display = (peer.Port - 5900).ToString(CultureInfo.InvariantCulture);
            peer._process = PeerProcess.Start(
                qemu,
                [
                    "-nodefaults", "-display", "none", "-vga", "std", "-m", kernel is null ? "32" : "256", "-accel", "tcg", "-no-reboot",
                    .. kernel is null ? Array.Empty<string>() : ["-kernel", kernel, "-append", "console=tty0 loglevel=7"],
                    "-vnc", $"127.0.0.1:{display},websocket=127.0.0.1:{peer.WebSocketPort.ToString(CultureInfo.InvariantCulture)}",
                    "-monitor", $"unix:{peer.MonitorSocket},server,nowait",
                    .. extraArguments,
                ]);
            await LoopbackPorts.WaitUntilListeningAsync(peer.Port, peer._process, cancellationToken);
            await LoopbackPorts.WaitUntilListeningAsync(peer.WebSocketPort, peer._process, cancellationToken);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <summary>The monitor's screendump of the console surface.</summary>
    public async Task<Frame> ScreenAsync(CancellationToken cancellationToken)
    {
        var file = Path.Combine(_directory, $"screen-{Guid.NewGuid():N}.ppm");
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

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
