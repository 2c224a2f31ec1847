using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Hosting;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Cli;

/// <summary>
/// An OVH account whose server name and task comment carry bidirectional overrides and line breaks, as anyone who can
/// set a reverse DNS can arrange: neither the MCP output, the <c>servers</c> table nor the log may show them raw.
/// </summary>
public sealed class HostilePeerTextTests
{
    private const string ServiceName = "ns1.ip-1-2-3.eu";
    private const string HostileReverse = "evil\u202Egnp.exe\r\nFORGED 12:00:00.000 info: reverse";
    private const string HostileComment = "refused \u2066\u202E\nFORGED 12:00:00.000 info: comment";

    [Fact]
    public async Task The_servers_table_shows_bidirectional_controls_as_escapes_and_keeps_one_line_per_server()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var ovh = await StartHostileOvhAsync(ct);
        var (exitCode, output, error) = await CliRunner.RunAsync(["servers"], OvhEnvironment(ovh), ct);

        Assert.Equal(0, exitCode);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("evil<U+202E>gnp.exe  FORGED 12:00:00.000 info: reverse", lines[1], StringComparison.Ordinal);
        AssertPrintable(output + error);
    }

    [Fact]
    public async Task Mcp_output_and_the_log_of_the_real_process_carry_no_control_or_bidirectional_character()
    {
        // The refused grant is polled at the production interval (4 s a read), so this run takes about 15 s.
        var ct = TestTimeouts.Within(3 * TestTimeouts.Network);
        await using var ovh = await StartHostileOvhAsync(ct);
        var start = ToolProcess.StartInfo("--log-level", "Debug");
        foreach (var (name, value) in OvhEnvironment(ovh))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(ct);
        string[] requests =
        [
            ToolProcess.InitializeRequest,
            ToolProcess.InitializedNotification,
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_servers","arguments":{}}}""",
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_screenshot","arguments":{"serverId":"ns1.ip-1-2-3.eu"}}}""",
        ];
        foreach (var request in requests)
        {
            await process.StandardInput.WriteLineAsync(request.AsMemory(), ct);
        }

        await process.StandardInput.FlushAsync(ct);
        var texts = new Dictionary<int, string>();
        var messages = new Dictionary<int, JsonElement>();
        while (texts.Count < 3)
        {
            var message = JsonDocument.Parse(await process.StandardOutput.ReadLineAsync(ct) ?? throw new InvalidOperationException("stdout closed early")).RootElement;
            messages[message.GetProperty("id").GetInt32()] = message;
            texts[message.GetProperty("id").GetInt32()] = string.Join('\n', Strings(message));
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(ct);
        var log = await stderr;

        var listed = JsonDocument.Parse(messages[2].GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString()!).RootElement;
        Assert.Equal("evil<U+202E>gnp.exe  FORGED 12:00:00.000 info: reverse", listed[0].GetProperty("name").GetString());
        Assert.Equal("gra<U+202E>3", listed[0].GetProperty("datacenter").GetString());
        Assert.Contains("refused <U+2066><U+202E> FORGED", texts[3], StringComparison.Ordinal);
        Assert.All(texts.Values, AssertPrintableExceptNewlines);
        Assert.Contains("<U+202E>", log, StringComparison.Ordinal);
        AssertPrintableExceptNewlines(log);
        Assert.DoesNotContain(log.Split('\n'), line => line.StartsWith("FORGED", StringComparison.Ordinal));
    }

    [Fact]
    public void A_log_line_with_peer_text_and_an_exception_stays_one_printable_line()
    {
        var formatter = new PrintableConsoleFormatter();
        using var output = new StringWriter();
        var entry = new LogEntry<string>(
            LogLevel.Warning,
            "OvhIkvm.Test",
            new EventId(7),
            "desktop 'a\u202Eb'\nFORGED line",
            new InvalidOperationException("bad\r\nthing"),
            (state, _) => state);

        formatter.Write(entry, scopeProvider: null, output);

        var line = output.ToString();
        Assert.EndsWith(Environment.NewLine, line, StringComparison.Ordinal);
        Assert.Single(line.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("warn: OvhIkvm.Test[7] desktop 'a<U+202E>b' FORGED line System.InvalidOperationException: bad  thing", line, StringComparison.Ordinal);
    }

    private static Task<OvhApiSimulator> StartHostileOvhAsync(CancellationToken ct) => OvhApiSimulator.StartAsync(
        new OvhSimulatorOptions
        {
            Servers =
            [
                new OvhSimulatedServer(ServiceName, "192.0.2.10", "gra\u202E3")
                {
                    Reverse = HostileReverse,
                    FinalTaskStatus = "customerError",
                    FinalTaskComment = HostileComment,
                },
            ],
        },
        cancellationToken: ct);

    private static Dictionary<string, string?> OvhEnvironment(OvhApiSimulator ovh) => new()
    {
        ["OVH_IKVM_API_URL"] = ovh.BaseUrl.AbsoluteUri,
        ["OVH_APPLICATION_KEY"] = ovh.Options.ApplicationKey,
        ["OVH_APPLICATION_SECRET"] = ovh.Options.ApplicationSecret,
        ["OVH_CONSUMER_KEY"] = ovh.Options.ConsumerKey,
        ["OVH_IKVM_ALLOWED_IP"] = "203.0.113.7",
    };

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private static void AssertPrintable(string text) =>
        Assert.DoesNotContain(text.Replace(Environment.NewLine, string.Empty, StringComparison.Ordinal), IsControlOrFormat);

    private static void AssertPrintableExceptNewlines(string text) =>
        Assert.DoesNotContain(text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal), IsControlOrFormat);

    private static bool IsControlOrFormat(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format;
}
