using System.Diagnostics;
using System.Text.Json;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Demo;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Reliability;

/// <summary>
/// The built executable with <c>--demo</c>, over real stdio pipes: a screenshot through the whole pipeline, then a
/// clean exit when the client closes stdin, with only JSON-RPC on stdout and no secret anywhere.
/// </summary>
public sealed class DemoProcessTests
{
    [Fact]
    public async Task The_demo_server_process_serves_a_screenshot_then_exits_cleanly_in_bounded_time_when_stdin_closes()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var start = ToolProcess.StartInfo("--demo");

        using var process = Process.Start(start)!;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(ct);
            var server = DemoServer.Fleet.First(s => s.Screen is not null).ServiceName;
            await process.StandardInput.WriteLineAsync(ToolProcess.InitializeRequest.AsMemory(), ct);
            await process.StandardInput.WriteLineAsync(ToolProcess.InitializedNotification.AsMemory(), ct);
            var call = """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_screenshot","arguments":{"serverId":"SERVER"}}}""".Replace("SERVER", server, StringComparison.Ordinal);
            await process.StandardInput.WriteLineAsync(call.AsMemory(), ct);
            await process.StandardInput.FlushAsync(ct);

            var stdout = new List<string>();
            JsonElement? screenshot = null;
            while (screenshot is null)
            {
                var line = await process.StandardOutput.ReadLineAsync(ct) ?? throw new InvalidOperationException("stdout closed before the screenshot");
                stdout.Add(line);
                var message = JsonDocument.Parse(line).RootElement;
                Assert.Equal("2.0", message.GetProperty("jsonrpc").GetString());
                if (message.TryGetProperty("id", out var id) && id.GetInt32() == 2)
                {
                    screenshot = message.GetProperty("result");
                }
            }

            var closing = Stopwatch.StartNew();
            process.StandardInput.Close();
            stdout.AddRange((await process.StandardOutput.ReadToEndAsync(ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            await process.WaitForExitAsync(ct);
            var shutdown = closing.Elapsed;

            Assert.Equal(0, process.ExitCode);
            Assert.True(shutdown < TimeSpan.FromSeconds(10), $"the process took {shutdown} to exit after stdin closed");
            Assert.False(screenshot.Value.TryGetProperty("isError", out var isError) && isError.GetBoolean(), screenshot.Value.ToString());
            var image = Assert.Single(screenshot.Value.GetProperty("content").EnumerateArray());
            Assert.Equal("image/png", image.GetProperty("mimeType").GetString());
            Assert.StartsWith("iVBORw0KGgo", image.GetProperty("data").GetString(), StringComparison.Ordinal);
            Assert.All(stdout, line => Assert.Equal("2.0", JsonDocument.Parse(line).RootElement.GetProperty("jsonrpc").GetString()));

            var demoAccount = new OvhSimulatorOptions();
            SecretScan.AssertClean(
                [demoAccount.ApplicationSecret, demoAccount.ConsumerKey],
                [.. stdout, .. (await stderr).Split('\n')]);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
