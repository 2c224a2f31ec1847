using System.Globalization;
using System.Text;

namespace OvhIkvm.Testing;

/// <summary>
/// QEMU booting the Debian kernel with no disk and no initrd: it panics ("VFS: Unable to mount root fs") a few
/// seconds in. The kernel writes every message to the screen (tty0) and to a serial port logged to a file (ttyS0),
/// so the serial log is the exact oracle for the text on the screen, which QEMU's VNC server serves.
/// </summary>
public sealed class KernelPanicPeer : IAsyncDisposable
{
    /// <summary>The panic's last line: once the serial log has it, the kernel writes nothing more.</summary>
    public const string LastLine = "---[ end Kernel panic - not syncing: VFS: Unable to mount root fs";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _directory;
    private PeerProcess? _process;

    private KernelPanicPeer(string directory) => _directory = directory;

    public int Port { get; private set; }

    public int WebSocketPort { get; private set; }

    public Uri TcpAddress => new($"vnc://127.0.0.1:{Port}");

    public Uri WebSocketAddress => new($"ws://127.0.0.1:{WebSocketPort}");

    private string SerialLog => Path.Combine(_directory, "serial.log");

    /// <param name="kernelArguments">Added to <c>console=tty0 console=ttyS0</c>, e.g. <c>vga=0x317</c> for a framebuffer console.</param>
    /// <param name="cancellationToken">Bounds the start.</param>
    public static async Task<KernelPanicPeer> BootAsync(string kernelArguments, CancellationToken cancellationToken)
    {
        var qemu = ExternalProgram.Require("qemu-system-x86_64");
        var kernel = TestKernel.Require();
        var peer = new KernelPanicPeer(Directory.CreateTempSubdirectory("ovh-ikvm-kernel-").FullName);
        try
        {
            peer.Port = LoopbackPorts.FindFree(minimum: 5900);
            peer.WebSocketPort = LoopbackPorts.FindFree();
            var display = (peer.Port - 5900).ToString(CultureInfo.InvariantCulture);
            peer._process = PeerProcess.Start(
                qemu,
                [
                    "-nodefaults", "-vga", "std", "-display", "none", "-m", "256", "-accel", "tcg", "-no-reboot",
                    "-kernel", kernel, "-append", $"console=tty0 console=ttyS0 {kernelArguments}".TrimEnd(),
                    "-serial", $"file:{peer.SerialLog}",
                    "-vnc", $"127.0.0.1:{display},websocket=127.0.0.1:{peer.WebSocketPort.ToString(CultureInfo.InvariantCulture)}",
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

    /// <summary>
    /// Watches the serial log until the panic's last line is in it (a bounded poll of a file QEMU writes: observing,
    /// not waiting for time to pass), then returns the log's lines, carriage returns removed.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForPanicAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Assert.False(_process!.HasExited, $"QEMU exited before the kernel panicked: {_process.Errors}");
            var log = await ReadSerialLogAsync(cancellationToken);
            var end = log.IndexOf(LastLine, StringComparison.Ordinal);
            if (end >= 0 && log.IndexOf('\n', end) >= 0)
            {
                return log.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>What the kernel has written to the serial port so far; empty before QEMU creates the log.</summary>
    public async Task<string> ReadSerialLogAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(SerialLog))
        {
            return string.Empty;
        }

        await using var stream = new FileStream(SerialLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        return await reader.ReadToEndAsync(cancellationToken);
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
