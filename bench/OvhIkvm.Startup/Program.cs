using System.Globalization;
using OvhIkvm.Startup;

// Process start to the MCP `initialize` reply and to the first `tools/list` reply, idle and screenshot memory, and
// package sizes: the numbers an MCP client's user pays for on every start of the tool. See HarnessOptions for usage.
if (args is ["respond"])
{
    return await BaselineResponder.RunAsync();
}

if (HarnessOptions.Parse(args) is not { } options)
{
    await Console.Error.WriteLineAsync(HarnessOptions.Usage);
    return 2;
}

using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
var report = await StartupHarness.RunAsync(options, timeout.Token);
// The table is this program's output (the banned Console.Out guards the tool's MCP stdout, not this).
await using var stdout = new StreamWriter(Console.OpenStandardOutput());
await stdout.WriteAsync(report.ToMarkdown(CultureInfo.InvariantCulture));
return 0;
