using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Kvm.Consoles;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Consoles;
using OvhIkvm.Tool.Mcp;

namespace OvhIkvm.Tool.Cli;

/// <summary><c>ovh-ikvm-mcp servers [--json]</c>: the servers list_servers would return, as a table or JSON.</summary>
internal static class ServersCommand
{
    public static async Task<int> RunAsync(ToolConfiguration configuration, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var services = CliServices.Build(configuration);
        await using var disposeServices = services.ConfigureAwait(false);
        var directory = services.GetRequiredService<IConsoleDirectory>();
        ServerListing listing;
        try
        {
            listing = await directory.ListServersAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConsoleException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        foreach (var problem in listing.ProviderErrors)
        {
            await error.WriteLineAsync($"warning: {problem}").ConfigureAwait(false);
        }

        await output.WriteAsync(json
            ? JsonSerializer.Serialize(listing.Servers, ToolJsonContext.Default.IReadOnlyListConsoleServer) + Environment.NewLine
            : FormatTable(listing.Servers)).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    internal static string FormatTable(IReadOnlyList<ConsoleServer> servers)
    {
        if (servers.Count == 0)
        {
            return "No servers." + Environment.NewLine;
        }

        string[] header = ["ID", "NAME", "PROVIDER", "DATACENTER", "IP", "CONSOLE"];
        var rows = servers.Select(s => new[]
        {
            s.Id, s.Name, s.Provider, s.Datacenter ?? "-", s.Ip ?? "-",
            s.ConsoleAvailable switch { true => "yes", false => "no", null => "?" },
        }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var table = new StringBuilder();
        foreach (var row in rows)
        {
            table.AppendJoin("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).AppendLine();
        }

        return table.ToString();
    }
}
