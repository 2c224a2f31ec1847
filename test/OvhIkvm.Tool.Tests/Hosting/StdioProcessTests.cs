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

    [Fact]
    public async Task Lines_that_are_not_json_rpc_messages_and_bad_tool_arguments_each_get_their_error_reply_without_a_logged_stack_trace()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        using var process = Process.Start(ToolProcess.StartInfo())!;
        var stderr = process.StandardError.ReadToEndAsync(ct);
        string[] lines =
        [
            ToolProcess.InitializeRequest,
            ToolProcess.InitializedNotification,
            "this is not json",
            """[{"jsonrpc":"2.0","id":3,"method":"tools/list"}]""",
            "5",
            """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"list_servers","arguments":5}}""",
            """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"get_screenshot","arguments":{"serverID":"x"}}}""",
            """{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"get_screenshot","arguments":["srv"]}}""",
            $$$"""{"jsonrpc":"2.0","id":7,"method":"ping","params":{"padding":"{{{new string('x', 2 * 1024 * 1024)}}}"}}""",
            """{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"list_servers","arguments":{},"_meta":5}}""",
            """{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"get_screenshot","arguments":{"serverId":"a","serverId":"b"}}}""",
            """{"jsonrpc":"2.0","id":8,"method":"ping"}""",
        ];
        foreach (var line in lines)
        {
            await process.StandardInput.WriteLineAsync(line.AsMemory(), ct);
        }

        await process.StandardInput.FlushAsync(ct);
        var replies = new List<JsonElement>();
        while (!new[] { 4, 5, 6, 8, 9, 10 }.All(id => replies.Any(r => IdOf(r) == id)))
        {
            var line = await process.StandardOutput.ReadLineAsync(ct) ?? throw new InvalidOperationException("stdout closed early");
            replies.Add(JsonDocument.Parse(line).RootElement);
        }

        process.StandardInput.Close();
        var rest = await process.StandardOutput.ReadToEndAsync(ct);
        replies.AddRange(rest.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement));
        await process.WaitForExitAsync(ct);

        var withoutId = replies.Where(r => r.GetProperty("id").ValueKind == JsonValueKind.Null).Select(r => (Code(r), Message(r))).ToList();
        Assert.Equal([-32700, -32600, -32600, -32600], withoutId.Select(e => e.Item1));
        Assert.Contains("batches are not supported", withoutId[1].Item2, StringComparison.Ordinal);
        Assert.Contains("must be a JSON object", withoutId[2].Item2, StringComparison.Ordinal);
        Assert.Contains("longer than 1048576 bytes", withoutId[3].Item2, StringComparison.Ordinal);
        Assert.Equal(-32602, Code(replies.Single(r => IdOf(r) == 4)));
        Assert.Contains("must be a JSON object", Message(replies.Single(r => IdOf(r) == 4)), StringComparison.Ordinal);
        Assert.Contains("Unknown argument(s) 'serverID'", Message(replies.Single(r => IdOf(r) == 5)), StringComparison.Ordinal);
        Assert.All(new[] { 6, 9, 10 }, id => Assert.Equal(-32602, Code(replies.Single(r => IdOf(r) == id))));
        Assert.DoesNotContain(replies, r => IdOf(r) is 3 or 7);
        Assert.True(replies.Single(r => IdOf(r) == 8).TryGetProperty("result", out _));
        Assert.Equal(0, process.ExitCode);
        var log = await stderr;
        Assert.DoesNotContain("fail:", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", log, StringComparison.Ordinal);
        Assert.DoesNotContain("  at ", log, StringComparison.Ordinal);
    }

    private static int? IdOf(JsonElement reply) => reply.GetProperty("id").ValueKind == JsonValueKind.Number ? reply.GetProperty("id").GetInt32() : null;

    private static int Code(JsonElement reply) => reply.GetProperty("error").GetProperty("code").GetInt32();

    private static string Message(JsonElement reply) => reply.GetProperty("error").GetProperty("message").GetString()!;
}
