using System.Diagnostics;
using System.Text.Json;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Hosting;

/// <summary>The real executable over real stdio pipes, as a desktop client starts it.</summary>
public sealed class StdioProcessTests
{
    [Fact]
    public async Task The_process_answers_on_stdout_with_json_rpc_only_logs_on_stderr_and_exits_cleanly_when_stdin_closes()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var start = ToolProcess.StartInfo();

        start.Environment["OVH_APPLICATION_SECRET"] = "do-not-print-this-secret";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(ct);

        await process.StandardInput.WriteLineAsync(ToolProcess.InitializeRequest.AsMemory(), ct);
        await process.StandardInput.WriteLineAsync(ToolProcess.InitializedNotification.AsMemory(), ct);
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_servers","arguments":{}}}""".AsMemory(), ct);
        await process.StandardInput.FlushAsync(ct);

        var responses = new Dictionary<int, JsonElement>();
        while (responses.Count < 2)
        {
            var line = await process.StandardOutput.ReadLineAsync(ct) ?? throw new InvalidOperationException("stdout closed early");
            var message = JsonDocument.Parse(line).RootElement;
            Assert.Equal("2.0", message.GetProperty("jsonrpc").GetString());
            responses[message.GetProperty("id").GetInt32()] = message;
        }

        process.StandardInput.Close();
        var rest = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(string.Empty, rest.Trim());
        Assert.Equal("ovh-ikvm-mcp", responses[1].GetProperty("result").GetProperty("serverInfo").GetProperty("name").GetString());
        Assert.True(responses[2].GetProperty("result").GetProperty("isError").GetBoolean());
        var log = await stderr;
        Assert.Contains("serving MCP on stdio", log, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-print-this-secret", log, StringComparison.Ordinal);
    }
}
