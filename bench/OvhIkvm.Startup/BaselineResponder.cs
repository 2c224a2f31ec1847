namespace OvhIkvm.Startup;

/// <summary>
/// The baseline: a framework-dependent .NET program that answers `initialize` and `tools/list` with fixed lines, so
/// its time is the runtime's start-up and nothing else.
/// </summary>
internal static class BaselineResponder
{
    public static async Task<int> RunAsync()
    {
        using var input = new StreamReader(Console.OpenStandardInput());
        await using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        while (await input.ReadLineAsync() is { } line)
        {
            if (line.Contains("\"initialize\"", StringComparison.Ordinal))
            {
                await output.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"baseline","version":"1"}}}""");
            }
            else if (line.Contains("\"tools/list\"", StringComparison.Ordinal))
            {
                await output.WriteLineAsync("""{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}""");
            }
        }

        return 0;
    }
}
