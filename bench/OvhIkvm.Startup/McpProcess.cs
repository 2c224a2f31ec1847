using System.Diagnostics;
using System.Text.Json;

namespace OvhIkvm.Startup;

/// <summary>One started program spoken to over stdio as an MCP client would, one JSON-RPC line at a time.</summary>
internal sealed class McpProcess : IAsyncDisposable
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"ovh-ikvm-startup","version":"1"}}}""";

    private readonly Process _process;
    private readonly Stopwatch _sinceStart;

    private McpProcess(Process process, Stopwatch sinceStart)
    {
        _process = process;
        _sinceStart = sinceStart;
    }

    public int Id => _process.Id;

    /// <summary>Starts the program and sends `initialize` at once, as clients do; the clock starts before the spawn.</summary>
    public static async Task<McpProcess> StartAsync(Candidate candidate, IEnumerable<string> extraArguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(candidate.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in candidate.Arguments.Concat(extraArguments))
        {
            info.ArgumentList.Add(argument);
        }

        // The user's OVH keys would make the tool configured differently from run to run; none is needed here.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("OVH_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        var sinceStart = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{candidate.FileName} did not start.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var started = new McpProcess(process, sinceStart);
        await started.SendAsync(Initialize, cancellationToken);
        return started;
    }

    /// <summary>Waits for the reply with <paramref name="id"/> and returns the time since the spawn.</summary>
    public async Task<(TimeSpan Elapsed, JsonElement Result)> ReplyAsync(int id, CancellationToken cancellationToken)
    {
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            var elapsed = _sinceStart.Elapsed;
            using var message = JsonDocument.Parse(line);
            if (message.RootElement.TryGetProperty("id", out var replyId) && replyId.ValueKind == JsonValueKind.Number && replyId.GetInt32() == id)
            {
                if (!message.RootElement.TryGetProperty("result", out var result))
                {
                    throw new InvalidOperationException($"request {id} failed: {line}");
                }

                return (elapsed, result.Clone());
            }
        }

        throw new InvalidOperationException($"the program closed stdout before answering request {id} (exit code {ExitCodeOrNone()}).");
    }

    public async Task ListToolsAsync(CancellationToken cancellationToken)
    {
        await SendAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", cancellationToken);
        await SendAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", cancellationToken);
    }

    public Task CallToolAsync(int id, string tool, string argumentsJson, CancellationToken cancellationToken) =>
        SendAsync($$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"tools/call","params":{"name":"{{{tool}}}","arguments":{{{argumentsJson}}}}}""", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Closing stdin is how MCP clients end a stdio server; it gets a moment to exit on its own.
        _process.StandardInput.Close();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private async Task SendAsync(string line, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
    }

    private string ExitCodeOrNone() => _process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "still running";
}
