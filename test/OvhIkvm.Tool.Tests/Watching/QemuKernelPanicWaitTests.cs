using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ModelContextProtocol.Protocol;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Mcp;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Watching;

/// <summary>
/// A real peer: QEMU boots the Debian kernel (OVH_IKVM_TEST_KERNEL) without an initramfs, so it panics for want of a
/// root file system, on the VGA text console and on a serial port written to a file. The serial log is the clock:
/// wait_for_console, following QEMU's own VNC server over WebSocket as a direct target, must answer within 2 s of
/// the panic line reaching it.
/// </summary>
public sealed class QemuKernelPanicWaitTests
{
    [Fact]
    [Trait("Category", ExternalProgram.Category)]
    public async Task A_wait_for_kernel_panic_on_a_real_qemu_answers_within_2_s_of_the_panic_reaching_the_serial_log_and_then_the_screen_is_stable()
    {
        var qemu = ExternalProgram.Require("qemu-system-x86_64");
        var kernel = TestKernel.Require();
        var ct = TestTimeouts.Within(TimeSpan.FromMinutes(5));
        var directory = Directory.CreateTempSubdirectory("ovh-ikvm-panic-").FullName;
        var serialLog = Path.Combine(directory, "serial.log");
        var webSocketPort = FreePort(0);
        var vncPort = FreePort(5900);
        using var targets = new TempFile("targets.json");
        await File.WriteAllTextAsync(
            targets.Path,
            $$"""{"targets":[{"id":"qemu-panic","name":"QEMU kernel panic","type":"vnc","url":"ws://127.0.0.1:{{webSocketPort}}"}]}""",
            ct);
        using var vm = Process.Start(new ProcessStartInfo(
            qemu,
            [
                "-nodefaults", "-display", "none", "-vga", "std", "-m", "256", "-accel", "tcg", "-no-reboot",
                "-kernel", kernel, "-append", "console=tty0 console=ttyS0,115200 panic=0",
                "-serial", $"file:{serialLog}",
                "-vnc", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{vncPort - 5900},websocket=127.0.0.1:{webSocketPort}"),
            ])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            await WaitUntilListeningAsync(webSocketPort, vm, ct);
            var configuration = ToolConfiguration.Resolve(new Dictionary<ToolSetting, string?> { [ToolSettings.Targets] = targets.Path }, new Dictionary<string, string?>());
            await using var mcp = await InMemoryMcpServer.StartAsync(configuration: configuration);
            var clock = Stopwatch.StartNew();
            var panicOnSerial = WatchSerialLogAsync(serialLog, "Kernel panic - not syncing", clock, ct);

            var result = await mcp.Client.CallToolAsync(
                ConsoleTools.WaitForConsoleName,
                new Dictionary<string, object?> { ["serverId"] = "qemu-panic", ["until"] = "text", ["pattern"] = "Kernel panic", ["timeoutSeconds"] = 120 },
                cancellationToken: ct);
            var answeredAt = clock.Elapsed;
            var seenOnSerialAt = await panicOnSerial;

            var texts = result.Content.OfType<TextContentBlock>().Select(t => t.Text).ToList();
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"panic on serial at {seenOnSerialAt.TotalSeconds:0.00} s, answer at {answeredAt.TotalSeconds:0.00} s: {string.Join("\n", texts)}");
            Assert.True(result.IsError != true, string.Join(" | ", texts));
            Assert.StartsWith("matched 'Kernel panic' after ", texts[0], StringComparison.Ordinal);
            Assert.Contains("Kernel panic - not syncing", texts[^1], StringComparison.Ordinal);
            Assert.True(answeredAt - seenOnSerialAt < TimeSpan.FromSeconds(2), $"answered {answeredAt - seenOnSerialAt} after the panic reached the serial log");

            // After the panic nothing moves but the VGA cursor, which blinks in hardware: the screen is stable.
            var stable = await mcp.Client.CallToolAsync(
                ConsoleTools.WaitForConsoleName,
                new Dictionary<string, object?> { ["serverId"] = "qemu-panic", ["until"] = "stable", ["stableSeconds"] = 2, ["timeoutSeconds"] = 30 },
                cancellationToken: ct);
            var stableTexts = stable.Content.OfType<TextContentBlock>().Select(t => t.Text).ToList();
            Assert.True(stable.IsError != true, string.Join(" | ", stableTexts));
            Assert.StartsWith("stable for 2 s after ", stableTexts[0], StringComparison.Ordinal);
        }
        finally
        {
            vm.Kill(entireProcessTree: true);
            await vm.WaitForExitAsync(CancellationToken.None);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>When <paramref name="line"/> first appears in the serial log, on <paramref name="clock"/>: the oracle.</summary>
    private static async Task<TimeSpan> WatchSerialLogAsync(string path, string line, Stopwatch clock, CancellationToken cancellationToken)
    {
        // Polling a file QEMU appends to: the only signal it gives. 20 ms is well inside the 2 s being measured.
        while (!File.Exists(path) || !(await File.ReadAllTextAsync(path, cancellationToken)).Contains(line, StringComparison.Ordinal))
        {
            await Task.Delay(20, cancellationToken);
        }

        return clock.Elapsed;
    }

    private static int FreePort(int minimum)
    {
        for (var port = Math.Max(minimum, 1); port < 65535; port++)
        {
            if (minimum == 0)
            {
                using var any = new TcpListener(IPAddress.Loopback, 0);
                any.Start();
                return ((IPEndPoint)any.LocalEndpoint).Port;
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use: try the next one.
            }
        }

        throw new InvalidOperationException("no free loopback port");
    }

    private static async Task WaitUntilListeningAsync(int port, Process process, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (process.HasExited)
            {
                Assert.Fail($"QEMU exited: {await process.StandardError.ReadToEndAsync(cancellationToken)}");
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }
}
