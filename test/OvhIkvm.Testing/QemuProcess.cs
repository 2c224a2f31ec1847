using System.Globalization;

namespace OvhIkvm.Testing;

/// <summary>
/// A QEMU x86 machine with no disk, no window and no network, serving its standard VGA display over VNC on two free
/// loopback ports (TCP and WebSocket), with a temporary directory of its own for the files a peer asks it to write
/// (a serial log, a monitor socket). The peers decide what the machine runs and how they read the truth back.
/// </summary>
public sealed class QemuProcess : IAsyncDisposable
{
    private PeerProcess? _process;

    private QemuProcess(string directory) => Directory = directory;

    /// <summary>Where the peer's files go; deleted with the process.</summary>
    public string Directory { get; }

    public int Port { get; private set; }

    public int WebSocketPort { get; private set; }

    public Uri TcpAddress => new($"vnc://127.0.0.1:{Port}");

    public Uri WebSocketAddress => new($"ws://127.0.0.1:{WebSocketPort}");

    /// <summary>The running QEMU: whether it exited, and what it wrote to stderr, for assertion messages.</summary>
    public PeerProcess Process => _process ?? throw new InvalidOperationException("QEMU has not been started.");

    /// <param name="memoryMegabytes">The machine's memory (SeaBIOS alone is happy with 32, a kernel wants 256).</param>
    /// <param name="machineArguments">What the machine runs and writes, given <see cref="Directory"/> (e.g. <c>-kernel</c>, <c>-serial</c>, <c>-monitor</c>).</param>
    /// <param name="cancellationToken">Bounds the start, up to both VNC ports listening.</param>
    public static async Task<QemuProcess> StartAsync(int memoryMegabytes, Func<string, IEnumerable<string>> machineArguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(machineArguments);
        var qemu = ExternalProgram.Require("qemu-system-x86_64");
        var machine = new QemuProcess(System.IO.Directory.CreateTempSubdirectory("ovh-ikvm-qemu-").FullName);
        try
        {
            machine.Port = LoopbackPorts.FindFree(minimum: 5900);
            machine.WebSocketPort = LoopbackPorts.FindFree();
            var display = (machine.Port - 5900).ToString(CultureInfo.InvariantCulture);
            machine._process = PeerProcess.Start(
                qemu,
                [
                    "-nodefaults", "-display", "none", "-vga", "std", "-m", memoryMegabytes.ToString(CultureInfo.InvariantCulture), "-accel", "tcg", "-no-reboot",
                    "-vnc", $"127.0.0.1:{display},websocket=127.0.0.1:{machine.WebSocketPort.ToString(CultureInfo.InvariantCulture)}",
                    .. machineArguments(machine.Directory),
                ]);
            await LoopbackPorts.WaitUntilListeningAsync(machine.Port, machine._process, cancellationToken);
            await LoopbackPorts.WaitUntilListeningAsync(machine.WebSocketPort, machine._process, cancellationToken);
            return machine;
        }
        catch
        {
            await machine.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
