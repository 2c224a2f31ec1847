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

    private KernelPanicPeer(QemuProcess machine) => Machine = machine;

    /// <summary>The machine: its VNC addresses (TCP and WebSocket) and its process.</summary>
    public QemuProcess Machine { get; }

    private string SerialLog => SerialLogIn(Machine.Directory);

    /// <param name="kernelArguments">Added to <c>console=tty0 console=ttyS0</c>, e.g. <c>vga=0x317</c> for a framebuffer console.</param>
    /// <param name="cancellationToken">Bounds the start.</param>
    public static async Task<KernelPanicPeer> BootAsync(string kernelArguments, CancellationToken cancellationToken)
    {
        var kernel = TestKernel.Require();
        var machine = await QemuProcess.StartAsync(
            memoryMegabytes: 256,
            directory => ["-kernel", kernel, "-append", $"console=tty0 console=ttyS0 {kernelArguments}".TrimEnd(), "-serial", $"file:{SerialLogIn(directory)}"],
            cancellationToken);
        return new KernelPanicPeer(machine);
    }

    /// <summary>
    /// Watches the serial log until the panic's last line is in it (a bounded poll of a file QEMU writes: observing,
    /// not waiting for time to pass), then returns the log's lines, carriage returns removed.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForPanicAsync(CancellationToken cancellationToken)
    {
        var log = string.Empty;
        try
        {
            while (true)
            {
                Assert.False(Machine.Process.HasExited, $"QEMU exited before the kernel panicked: {Machine.Process.Errors}");
                log = await ReadSerialLogAsync(cancellationToken);
                var end = log.IndexOf(LastLine, StringComparison.Ordinal);
                if (end >= 0 && log.IndexOf('\n', end) >= 0)
                {
                    return log.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Emulated (no KVM), the boot slows down with the machine's load: say how far it got.
            var lines = log.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
            Assert.Fail(
                $"The kernel had not panicked when the test's time ran out ({lines.Length} serial lines, load average " +
                $"{LoadAverage()}); its last lines:\n{string.Join('\n', lines.TakeLast(5))}");
            throw;
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

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

    public ValueTask DisposeAsync() => Machine.DisposeAsync();

    private static string SerialLogIn(string directory) => Path.Combine(directory, "serial.log");
}
